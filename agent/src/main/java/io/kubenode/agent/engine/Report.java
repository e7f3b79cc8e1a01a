package io.kubenode.agent.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The result of one pass over a catalog. {@code mode} is plan or apply; {@code sandbox} marks a pass whose
 * commands were simulated, never run, listed in {@code simulatedCommands}.
 */
public record Report(
        String node,
        long generation,
        String contentHash,
        String mode,
        boolean sandbox,
        Instant started,
        long durationMillis,
        List<ResourceReport> resources,
        List<String> simulatedCommands) {

    public static final String PLAN = "plan";
    public static final String APPLY = "apply";

    public Report {
        resources = List.copyOf(resources);
        simulatedCommands = List.copyOf(simulatedCommands);
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

    public boolean failed() {
        return resources.stream().anyMatch(resource -> resource.state().equals("failed"));
    }

    public List<String> changes() {
        return resources.stream().flatMap(resource -> resource.changes().stream()).toList();
    }
}
