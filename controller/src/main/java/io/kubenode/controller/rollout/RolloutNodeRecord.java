package io.kubenode.controller.rollout;

import java.util.List;

/**
 * One node in a rollout. {@code controlPlane}: its role (control planes roll one at a time). {@code disruptive}: the revision restarts or stops a service there ({@code restarts}: the
 * service resource ids, for people). {@code heldRevision}: while {@link RolloutNode.State#PENDING}, the revision whose
 * document the node's catalog is still compiled from (its previous catalog, unchanged); null once released.
 * {@code since}: when it entered its state (ISO-8601; the health timeout counts from its release).
 * {@code message}: what it waits for (a gate) or why it failed (the resource and its reason); never a secret.
 */
public record RolloutNodeRecord(boolean controlPlane, boolean disruptive, List<String> restarts, RolloutNode.State state,
                                Long heldRevision, String since, String message) {

    public RolloutNodeRecord {
        restarts = restarts == null ? List.of() : List.copyOf(restarts);
    }

    public RolloutNodeRecord with(RolloutNode.State state, Long heldRevision, String since, String message) {
        return new RolloutNodeRecord(controlPlane, disruptive, restarts, state, heldRevision, since, message);
    }
}
