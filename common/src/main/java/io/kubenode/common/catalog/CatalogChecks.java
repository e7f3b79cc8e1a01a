package io.kubenode.common.catalog;

import io.kubenode.common.validation.Problem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Structural checks of a catalog: ids unique and matching their spec, every edge pointing at a resource of the
 * catalog, notify edges pointing at services, and no dependency cycle. The compiler asserts them on its output;
 * the agent refuses a catalog that fails them.
 */
public final class CatalogChecks {
    private CatalogChecks() {
    }

    public static List<Problem> check(NodeCatalog.Spec spec) {
        List<Problem> problems = new ArrayList<>();
        Map<String, CatalogResource> byId = new HashMap<>();
        List<CatalogResource> resources = spec.resources();
        for (int i = 0; i < resources.size(); i++) {
            CatalogResource resource = resources.get(i);
            String path = "spec.resources[" + i + "]";
            if (resource.spec() == null) {
                problems.add(Problem.error(path + ".spec", "required"));
                continue;
            }
            if (!resource.spec().id().equals(resource.id())) {
                problems.add(Problem.error(path + ".id", "expected " + resource.spec().id() + " for this spec, got '"
                        + resource.id() + "'"));
            }
            if (byId.putIfAbsent(resource.id(), resource) != null) {
                problems.add(Problem.error(path + ".id", "duplicate id " + resource.id()));
            }
        }
        for (int i = 0; i < resources.size(); i++) {
            checkEdges("spec.resources[" + i + "]", resources.get(i), byId, problems);
        }
        findCycle(resources, byId).ifPresent(cycle -> problems.add(Problem.error("spec.resources",
                "dependency cycle: " + String.join(" -> ", cycle))));
        return problems;
    }

    public static void requireWellFormed(NodeCatalog.Spec spec) {
        List<Problem> problems = check(spec);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("malformed catalog: " + problems.stream().map(Problem::render).toList());
        }
    }

    private static void checkEdges(String path, CatalogResource resource, Map<String, CatalogResource> byId,
                                   List<Problem> problems) {
        for (String dependency : resource.dependsOn()) {
            if (!byId.containsKey(dependency)) {
                problems.add(Problem.error(path + ".dependsOn", "no resource " + dependency));
            }
        }
        for (String target : resource.notifies()) {
            CatalogResource service = byId.get(target);
            if (service == null || !(service.spec() instanceof ServiceSpec)) {
                problems.add(Problem.error(path + ".notify", "no service resource " + target));
            }
        }
    }

    private static Optional<List<String>> findCycle(List<CatalogResource> resources,
                                                              Map<String, CatalogResource> byId) {
        Set<String> done = new HashSet<>();
        for (CatalogResource resource : resources) {
            List<String> cycle = visit(resource.id(), byId, done, new ArrayList<>());
            if (cycle != null) {
                return Optional.of(cycle);
            }
        }
        return Optional.empty();
    }

    /** Depth-first search; returns the cycle through {@code id} when the path on the stack closes on itself. */
    private static List<String> visit(String id, Map<String, CatalogResource> byId, Set<String> done,
                                      List<String> stack) {
        int seen = stack.indexOf(id);
        if (seen >= 0) {
            List<String> cycle = new ArrayList<>(stack.subList(seen, stack.size()));
            cycle.add(id);
            return cycle;
        }
        CatalogResource resource = byId.get(id);
        if (done.contains(id) || resource == null) {
            return null;
        }
        stack.add(id);
        for (String dependency : resource.dependsOn()) {
            List<String> cycle = visit(dependency, byId, done, stack);
            if (cycle != null) {
                return cycle;
            }
        }
        stack.remove(stack.size() - 1);
        done.add(id);
        return null;
    }
}
