package io.kubenode.controller.client;

import java.util.Map;
import java.util.TreeMap;

/**
 * The answer to a stored cluster document: its resourceVersion and, per node it names, the catalog generation and
 * whether this document changed it. A controller that does not report nodes leaves {@code nodes} empty.
 */
public record ClusterApplied(long resourceVersion, Map<String, NodeGeneration> nodes) {
    public ClusterApplied {
        nodes = nodes == null ? Map.of() : new TreeMap<>(nodes);
    }

    public record NodeGeneration(long generation, boolean changed) {
    }
}
