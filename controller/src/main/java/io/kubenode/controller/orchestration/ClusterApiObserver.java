package io.kubenode.controller.orchestration;

import io.kubenode.common.cluster.Cluster;

import java.util.Optional;
import java.util.Set;

/**
 * Asks the cluster's Kubernetes API which nodes it lists Ready (for the last verification step). Called by the
 * orchestration loop off the event loop, once per decision; must answer within a few seconds (a short timeout) and
 * never throw: empty when it could not ask (no endpoint yet, no answer, not allowed).
 */
@FunctionalInterface
public interface ClusterApiObserver {
    /** Never asks: every decision sees "could not ask". */
    ClusterApiObserver NONE = cluster -> Optional.empty();

    /** The names of the nodes whose Ready condition is True; empty when the API could not be asked or answered. */
    Optional<Set<String>> readyNodes(Cluster cluster);
}
