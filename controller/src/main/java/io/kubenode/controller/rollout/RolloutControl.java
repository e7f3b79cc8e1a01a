package io.kubenode.controller.rollout;

import io.kubenode.controller.store.ClusterPut;

import java.util.Optional;

/**
 * What people do to a rollout (the API's {@code /api/v1/rollout} routes). Blocking (store writes): call on a worker.
 * Pause and resume are audited as {@code orchestration.rollout.pause} and {@code orchestration.rollout.resume}, undo
 * as the {@code cluster.put} of the revision it stores again, each with who did it.
 */
public interface RolloutControl {

    /** The newest revision's rollout; empty before any revision rolled (no cluster, or no change since the first). */
    Optional<RolloutStatus> status();

    /** Stops further releases: nodes not yet released keep their catalog; released ones finish. */
    Outcome pause(String who, String reason);

    /** Releases again after a pause; a failed node gets its health timeout afresh (it is released again). */
    Outcome resume(String who);

    /**
     * Stores the rollout's {@code fromRevision} document again as the next revision, so it rolls back the same
     * careful way (nodes never released already hold it and take it at once).
     */
    Outcome undo(String who);

    sealed interface Outcome {
        /** Done; the rollout as it stands now (for undo: the new revision's rollout). */
        record Done(RolloutStatus status) implements Outcome {
        }

        /** Nothing to act on (no rollout yet): 404 not_found. */
        record NoRollout(String message) implements Outcome {
        }

        /** Not possible now (resume of a rollout not paused, pause of a complete one): 409 conflict. */
        record Refused(String message) implements Outcome {
        }

        /** Undo only: the document changed meanwhile (the store's conflict), or the revision cannot compile. */
        record NotStored(ClusterPut result, String message) implements Outcome {
        }
    }
}
