package io.kubenode.common.validation;

import io.kubenode.common.cluster.Cluster;

/** One concern's checks of a Cluster document. Rules never throw; they report into {@link Problems}. */
interface ClusterRule {
    void check(Cluster cluster, Problems problems);
}
