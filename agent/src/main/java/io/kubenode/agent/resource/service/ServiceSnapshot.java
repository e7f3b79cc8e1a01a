package io.kubenode.agent.resource.service;

import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The state of every service in the catalog, read by one command when a pass starts and handed out once per unit:
 * nothing read before a change is served after it. A failed batch read is not reported here: each observe then
 * reads its own unit and reports its own failure.
 */
final class ServiceSnapshot {
    private Host host;
    private Map<String, UnitStatus> statuses = Map.of();
    private final Set<String> unread = new HashSet<>();

    synchronized void fill(Host host, List<String> units, ServiceManager manager) {
        this.host = host;
        unread.clear();
        try {
            statuses = units.isEmpty() ? Map.of() : Map.copyOf(manager.statuses(units, host));
            unread.addAll(statuses.keySet());
        } catch (HostException e) {
            statuses = Map.of();
        }
    }

    synchronized Optional<UnitStatus> take(Host host, String unit) {
        if (host != this.host || !unread.remove(unit)) {
            return Optional.empty();
        }
        return Optional.ofNullable(statuses.get(unit));
    }
}
