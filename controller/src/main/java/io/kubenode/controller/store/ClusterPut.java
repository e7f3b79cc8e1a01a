package io.kubenode.controller.store;

/** The outcome of a compare-and-set put of the cluster document. */
public sealed interface ClusterPut {

    /** The document was stored as {@code revision}. */
    record Stored(ClusterRevision revision) implements ClusterPut {
    }

    /** The caller's resourceVersion was stale; nothing was stored. {@code currentVersion} is 0 when there is none. */
    record Conflict(long expectedVersion, long currentVersion) implements ClusterPut {
    }
}
