package io.kubenode.agent.engine;

import io.kubenode.common.catalog.CatalogResource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Topological order of a catalog (Kahn's algorithm), keeping catalog order among resources that are ready at the
 * same time. The catalog passed CatalogChecks, so every edge resolves and there is no cycle.
 */
final class DependencyOrder {
    private DependencyOrder() {
    }

    static List<CatalogResource> of(List<CatalogResource> resources) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < resources.size(); i++) {
            index.put(resources.get(i).id(), i);
        }
        int[] waitingOn = new int[resources.size()];
        Map<String, List<Integer>> dependents = new HashMap<>();
        for (int i = 0; i < resources.size(); i++) {
            for (String dependency : resources.get(i).dependsOn()) {
                if (index.containsKey(dependency)) {
                    waitingOn[i]++;
                    dependents.computeIfAbsent(dependency, key -> new ArrayList<>()).add(i);
                }
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < resources.size(); i++) {
            if (waitingOn[i] == 0) {
                ready.add(i);
            }
        }
        List<CatalogResource> ordered = new ArrayList<>(resources.size());
        while (!ready.isEmpty()) {
            int next = ready.poll();
            CatalogResource resource = resources.get(next);
            ordered.add(resource);
            for (int dependent : dependents.getOrDefault(resource.id(), List.of())) {
                if (--waitingOn[dependent] == 0) {
                    ready.add(dependent);
                }
            }
        }
        if (ordered.size() != resources.size()) {
            throw new IllegalArgumentException("dependency cycle in catalog");
        }
        return ordered;
    }
}
