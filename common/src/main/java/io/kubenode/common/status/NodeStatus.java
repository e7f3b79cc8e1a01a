package io.kubenode.common.status;

import java.util.List;
import java.util.Map;

/**
 * What an agent reports to the controller after every pass and whenever its catalog changes
 * ({@code PUT /api/v1/nodes/{name}/status}). {@code observedGeneration} is the newest catalog generation the agent
 * holds; {@code appliedGeneration} the generation its last apply pass ran (0 before the first one). {@code converged}
 * means the last pass left the host matching that catalog. {@code lastPass} and {@code facts} may be null (no pass
 * yet, facts unreadable). {@code metrics} is where the agent serves its metrics (null from an agent that predates it,
 * or one whose metrics server is not running).
 */
public record NodeStatus(
        String node,
        long observedGeneration,
        long appliedGeneration,
        String contentHash,
        boolean converged,
        boolean sandbox,
        String reportedAt,
        LastPass lastPass,
        Map<String, Integer> counts,
        List<ResourceStatus> resources,
        List<Condition> conditions,
        Facts facts,
        MetricsEndpoint metrics) {

    public NodeStatus {
        counts = counts == null ? Map.of() : Map.copyOf(counts);
        resources = resources == null ? List.of() : List.copyOf(resources);
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }

    /** A status without its metrics endpoint (tests, and an agent that has none). */
    public NodeStatus(String node, long observedGeneration, long appliedGeneration, String contentHash,
                      boolean converged, boolean sandbox, String reportedAt, LastPass lastPass,
                      Map<String, Integer> counts, List<ResourceStatus> resources, List<Condition> conditions,
                      Facts facts) {
        this(node, observedGeneration, appliedGeneration, contentHash, converged, sandbox, reportedAt, lastPass,
                counts, resources, conditions, facts, null);
    }

    /** When the pass started (ISO-8601), how long it took and whether it was a plan or an apply. */
    public record LastPass(String started, long durationMillis, String mode) {
    }

    /** Number of resources in the failed state. */
    public int failedCount() {
        return (int) resources.stream().filter(resource -> ResourceStatus.FAILED.equals(resource.state())).count();
    }
}
