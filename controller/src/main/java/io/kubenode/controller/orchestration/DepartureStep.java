package io.kubenode.controller.orchestration;

/**
 * Where a joined node removed from the document is in leaving the cluster, in order. A worker skips
 * {@link #RemovingMember}. The member goes before the node is reset, so etcd's quorum never counts a member that is
 * already gone; the Node object goes last, after the kubelet has stopped and can no longer register it again.
 */
public enum DepartureStep {
    /** A remaining control plane cordons and drains the node ({@code drain:NODE}). */
    Draining,
    /** A remaining control plane removes the node's etcd member through etcd's API ({@code etcdMember:NODE}). */
    RemovingMember,
    /** The node itself runs {@code kubeadm reset} ({@code kubeadm:node}), its keepalived and haproxy stopped. */
    Resetting,
    /** A remaining control plane deletes the node's Node object ({@code clusterNode:NODE}). */
    DeletingNode;

    /** The step after this one for a node of the given kind; null after the last. */
    public DepartureStep next(boolean controlPlane) {
        return switch (this) {
            case Draining -> controlPlane ? RemovingMember : Resetting;
            case RemovingMember -> Resetting;
            case Resetting -> DeletingNode;
            case DeletingNode -> null;
        };
    }

    /** Whether the departing node's own agent acts in this step (the others are a remaining control plane's). */
    public boolean onTheNodeItself() {
        return this == Resetting;
    }
}
