package io.kubenode.controller.orchestration;

/** Where a bring-up stands; part of the contract ({@code kubenodectl get cluster}, {@code cluster_phase}). */
public enum ClusterPhase {
    /** Not every node of the document has enrolled and reported. */
    WaitingForNodes,
    /** Host preparation (packages, containerd, keepalived + haproxy ...) converging on every node. */
    Preparing,
    /** The cluster-wide checks kubeadm cannot make. */
    Preflight,
    /** kubeadm init on the init node. */
    Initializing,
    /** The CNI manifest, and the endpoint answering through the virtual IP. */
    InstallingNetwork,
    /** Control planes, strictly one at a time. */
    JoiningControlPlanes,
    /** Workers, at most spec.orchestration.maxParallelJoins at once. */
    JoiningWorkers,
    /** Every node's kubelet and apiserver answer, the endpoint answers, the API lists every node Ready. */
    Verifying,
    Ready,
    /** Was Ready; a node lost its health since. */
    Degraded,
    /**
     * Was Ready or Degraded; the newest revision's rollout stopped at a node that failed to converge or pass its
     * health gates, or a person paused it (the message says which node, resource and reason).
     */
    RolloutPaused,
    /** Stopped: a person must act (the message says on what). */
    Failed
}
