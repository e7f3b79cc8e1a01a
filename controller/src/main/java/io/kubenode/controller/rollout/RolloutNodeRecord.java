package io.kubenode.controller.rollout;

import java.util.List;

/**
 * One node in a rollout. {@code controlPlane}: its role (control planes roll one at a time). {@code disruptive}: the revision restarts or stops a service there ({@code restarts}: the
 * service resource ids, for people). {@code heldRevision}: while {@link RolloutNode.State#PENDING}, the revision whose
 * document the node's catalog is still compiled from (its previous catalog, unchanged); null once released.
 * {@code since}: when it entered its state (ISO-8601; the health timeout counts from its release).
 * {@code message}: what it waits for (a gate) or why it failed (the resource and its reason); never a secret.
 * {@code drainedBy}: for a worker drained around its restart ({@code spec.rollout.drainWorkers}), the control plane
 * whose agent cordons, drains and uncordons it (while {@link RolloutNode.State#DRAINING} or
 * {@link RolloutNode.State#UNCORDONING}); else null.
 */
public record RolloutNodeRecord(boolean controlPlane, boolean disruptive, List<String> restarts, RolloutNode.State state,
                                Long heldRevision, String since, String message, String drainedBy) {

    public RolloutNodeRecord {
        restarts = restarts == null ? List.of() : List.copyOf(restarts);
    }

    /** Without a drain. */
    public RolloutNodeRecord(boolean controlPlane, boolean disruptive, List<String> restarts, RolloutNode.State state,
                             Long heldRevision, String since, String message) {
        this(controlPlane, disruptive, restarts, state, heldRevision, since, message, null);
    }

    public RolloutNodeRecord with(RolloutNode.State state, Long heldRevision, String since, String message) {
        return new RolloutNodeRecord(controlPlane, disruptive, restarts, state, heldRevision, since, message,
                drainedBy);
    }

    public RolloutNodeRecord withDrainedBy(String controlPlane) {
        return new RolloutNodeRecord(this.controlPlane, disruptive, restarts, state, heldRevision, since, message,
                controlPlane);
    }
}
