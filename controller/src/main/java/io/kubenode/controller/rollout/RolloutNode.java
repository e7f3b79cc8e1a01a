package io.kubenode.controller.rollout;

/**
 * One node in a rollout of a new cluster revision: its role, whether the revision interrupts anything on it
 * ({@link Disruption#disruptive()}), and where it stands.
 */
public record RolloutNode(String name, boolean controlPlane, boolean disruptive, State state) {

    public enum State {
        /** Holds its previous catalog generation. */
        PENDING,
        /** A worker being cordoned and drained (by a control plane's agent) before it gets the new catalog. */
        DRAINING,
        /** Has the new catalog; not yet converged on it with its health gates passed. */
        RELEASED,
        /** A drained worker that passed its gates, being uncordoned. */
        UNCORDONING,
        /** Converged on the new catalog and its health gates passed. */
        DONE,
        /** Did not converge, or its gates did not pass within the health timeout. */
        FAILED;

        /** Released and not yet done: counts against the rollout's batch (one control plane, maxUnavailable). */
        public boolean inProgress() {
            return this == DRAINING || this == RELEASED || this == UNCORDONING;
        }
    }
}
