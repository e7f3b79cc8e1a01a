package io.kubenode.controller.orchestration;

import io.kubenode.common.cluster.Cluster;

import java.util.Optional;
import java.util.Set;

/**
 * Asks the cluster's Kubernetes API which nodes it lists Ready. Blocking (network): call it off the event loop.
 */
@FunctionalInterface
public interface ClusterApiObserver {
    /** The names of the nodes whose Ready condition is True; empty when the API could not be asked or answered. */
    Optional<Set<String>> readyNodes(Cluster cluster);
}
