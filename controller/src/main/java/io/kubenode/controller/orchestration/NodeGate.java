package io.kubenode.controller.orchestration;

import io.kubenode.controller.orchestration.preflight.PreflightFailure;

import java.util.List;

/**
 * Whether a node that has no kubeadm step yet may get one: it must have reported, its host preparation must have
 * converged on its current catalog, and the cluster-wide preflight must pass for it. Kinds are ordered from the
 * least to the most advanced.
 */
record NodeGate(String node, Kind kind, String message, List<PreflightFailure> failures) {

    enum Kind {
        NO_STATUS(ClusterPhase.WaitingForNodes, NodePhase.Pending),
        PREPARING(ClusterPhase.Preparing, NodePhase.Preparing),
        PREFLIGHT_FAILED(ClusterPhase.Failed, NodePhase.PreflightFailed),
        PREFLIGHT_WAIT(ClusterPhase.Preflight, NodePhase.Preparing),
        PASSED(null, NodePhase.Pending);

        final ClusterPhase clusterPhase;
        final NodePhase nodePhase;

        Kind(ClusterPhase clusterPhase, NodePhase nodePhase) {
            this.clusterPhase = clusterPhase;
            this.nodePhase = nodePhase;
        }
    }

    NodeGate {
        failures = List.copyOf(failures);
    }

    boolean passed() {
        return kind == Kind.PASSED;
    }

    boolean failedPermanently() {
        return kind == Kind.PREFLIGHT_FAILED;
    }
}
