package io.kubenode.controller.rollout;

import java.util.List;
import java.util.Map;

/**
 * What delivering a new catalog to one node would interrupt there: each service the agent would restart (or stop),
 * with the resources whose change causes it. Empty: the change can go to the node at once.
 *
 * @param restarts service resource id → ids of the changed resources that restart it, in catalog order
 * @param stops    service resource ids the new catalog stops
 */
public record Disruption(Map<String, List<String>> restarts, List<String> stops) {

    public Disruption {
        restarts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(restarts));
        stops = List.copyOf(stops);
    }

    public static Disruption none() {
        return new Disruption(Map.of(), List.of());
    }

    public boolean disruptive() {
        return !restarts.isEmpty() || !stops.isEmpty();
    }
}
