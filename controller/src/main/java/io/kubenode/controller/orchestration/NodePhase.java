package io.kubenode.controller.orchestration;

/** One node's place in the bring-up; a column in {@code get nodes}, a condition in {@code describe node}. */
public enum NodePhase {
    /** Not enrolled, no status yet, or prepared and waiting for its turn (the message says for what). */
    Pending,
    /** Host preparation not converged on its current catalog. */
    Preparing,
    /** The cluster-wide preflight found a failure retrying cannot fix on this node. */
    PreflightFailed,
    /** A kubeadm step (init or join, or the reset before a retry) is released and not yet in sync. */
    Joining,
    /** kubeadm init/join in sync: output files there, kubelet (and apiserver) answering. */
    Joined,
    /** Joined and verified. */
    Ready,
    /**
     * Its agent reported before and stopped talking to the controller (host down or cut off, agent stopped): it
     * keeps enforcing its cached catalog, and its phase comes back with its next status.
     */
    Unreachable,
    /** Stopped with a reason a person must act on. */
    Failed
}
