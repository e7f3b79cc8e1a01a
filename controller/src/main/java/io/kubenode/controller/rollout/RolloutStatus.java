package io.kubenode.controller.rollout;

import java.util.List;

/**
 * A rollout as people and the API see it ({@code GET /api/v1/rollout}, {@code kubenodectl rollout status}).
 * {@code state}: Rolling, Paused or Complete. {@code reason}: why it is paused (the failed node, its resource and
 * reason, or who paused it), else null. {@code controlPlanes}/{@code workers}: "done/total" of the nodes the revision
 * interrupts. No secret in it.
 */
public record RolloutStatus(long revision, long fromRevision, String state, String reason, String pausedBy,
                            boolean allAtOnce, String startedAt, String controlPlanes, String workers,
                            List<Node> nodes) {
    public static final String ROLLING = "Rolling";
    public static final String PAUSED = "Paused";
    public static final String COMPLETE = "Complete";

    public RolloutStatus {
        nodes = List.copyOf(nodes);
    }

    /**
     * One node: {@code revision} is the revision whose catalog it holds; {@code state} Pending, Released, Done or
     * Failed; {@code message} the gate it waits for or why it failed; {@code restarts} what the revision restarts
     * there (empty: it took the revision at once).
     */
    public record Node(String name, String role, boolean disruptive, List<String> restarts, String state,
                       long revision, String since, String message) {
        public Node {
            restarts = List.copyOf(restarts);
        }
    }
}
