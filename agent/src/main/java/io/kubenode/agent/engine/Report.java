package io.kubenode.agent.engine;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The result of one pass over a catalog. {@code mode} is plan or apply; {@code sandbox} marks a pass whose
 * commands were simulated, never run, listed in {@code simulatedCommands}. {@code started} is an ISO-8601 instant.
 */
public record Report(
        String node,
        long generation,
        String contentHash,
        String mode,
        boolean sandbox,
        String started,
        long durationMillis,
        List<ResourceReport> resources,
        List<String> simulatedCommands) {

    public static final String PLAN = "plan";
    public static final String APPLY = "apply";

    public Report {
        resources = List.copyOf(resources);
        simulatedCommands = List.copyOf(simulatedCommands);
    }

    /** This report with the commands a sandbox pass simulated instead of running. */
    public Report withSimulatedCommands(List<String> commands) {
        return new Report(node, generation, contentHash, mode, sandbox, started, durationMillis, resources, commands);
    }

    /** Resources per state: in_sync, changed, failed, skipped, not_ready. */
    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new TreeMap<>();
        for (String state : List.of("in_sync", "changed", "failed", "skipped", "not_ready")) {
            counts.put(state, 0);
        }
        resources.forEach(resource -> counts.merge(resource.state(), 1, Integer::sum));
        return counts;
    }

    /** Every resource in sync: nothing changed, failed, skipped or waiting. */
    public boolean converged() {
        return resources.stream().allMatch(resource -> resource.state().equals("in_sync"));
    }

    /**
     * After this pass the host matches the catalog: every resource was in sync or was changed successfully (a
     * plan's pending changes do not count). This is what the converged metric reports.
     */
    public boolean hostMatchesCatalog() {
        return resources.stream().allMatch(resource -> resource.state().equals("in_sync")
                || resource.state().equals("changed") && mode.equals(APPLY));
    }

    public boolean failed() {
        return resources.stream().anyMatch(resource -> resource.state().equals("failed"));
    }

    /** A resource was not ready (a component still starting). */
    public boolean notReady() {
        return resources.stream().anyMatch(resource -> resource.state().equals("not_ready"));
    }

    public List<String> changes() {
        return resources.stream().flatMap(resource -> resource.changes().stream()).toList();
    }
}
