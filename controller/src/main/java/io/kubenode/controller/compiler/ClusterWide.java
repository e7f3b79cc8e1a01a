package io.kubenode.controller.compiler;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Values that are the same for every node of one compilation (the /etc/hosts block lists every node), computed
 * once and shared: compiling N nodes would otherwise build them N times, which is quadratic in fleet size.
 * Thread-safe, since nodes compile in parallel; one instance per compilation of one document.
 */
public final class ClusterWide {
    private final Map<String, Object> values = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    public <T> T memo(String key, Supplier<T> compute) {
        return (T) values.computeIfAbsent(key, ignored -> compute.get());
    }
}
