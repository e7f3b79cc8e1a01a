package io.kubenode.controller.orchestration;

/**
 * The orchestrator's durable memory of one node. {@code attempts}: kubeadm init/join attempts so far;
 * {@code nextAttemptAt}: when a retry may be released (exponential backoff, ISO-8601, null = now);
 * {@code lastFailure}: the last failed step's message (exit code and output tail), never a secret;
 * {@code joinedAt}: when init/join was first seen in sync, null before. Times are ISO-8601 instants.
 */
public record NodeRecord(NodePhase phase, String phaseSince, String message, Released released, int attempts,
                         String nextAttemptAt, String lastFailure, String joinedAt) {

    public NodeRecord {
        released = released == null ? Released.NOTHING : released;
    }

    public static NodeRecord pending(String now) {
        return new NodeRecord(NodePhase.Pending, now, "not enrolled yet", Released.NOTHING, 0, null, null, null);
    }

    public boolean joined() {
        return joinedAt != null;
    }
}
