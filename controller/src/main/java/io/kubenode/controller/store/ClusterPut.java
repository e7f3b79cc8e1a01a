package io.kubenode.controller.store;

import java.util.List;
import java.util.Set;

/** The outcome of a compare-and-set put of the cluster document. */
public sealed interface ClusterPut {

    /**
     * The document was stored as {@code revision}, with the catalogs compiled from it: {@code generations} has every
     * recorded node's generation, {@code changedNodes} those whose generation moved.
     */
    record Stored(ClusterRevision revision, List<NodeGeneration> generations, Set<String> changedNodes)
            implements ClusterPut {
        public Stored {
            generations = List.copyOf(generations);
            changedNodes = Set.copyOf(changedNodes);
        }
    }

    /** The caller's resourceVersion was stale; nothing was stored. {@code currentVersion} is 0 when there is none. */
    record Conflict(long expectedVersion, long currentVersion) implements ClusterPut {
    }
}
