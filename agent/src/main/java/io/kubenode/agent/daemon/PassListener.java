package io.kubenode.agent.daemon;

import io.kubenode.agent.engine.Report;
import io.kubenode.agent.engine.RunningResource;

import java.time.Instant;

/**
 * Told about every finished pass, on the pass thread: it must return at once (hand the report to another thread),
 * because nothing it does may delay or fail a pass.
 */
@FunctionalInterface
public interface PassListener {
    PassListener NONE = report -> { };

    void passCompleted(Report report);

    /**
     * A resource's apply has been running for a while (every few seconds while it lasts), from the daemon's progress
     * thread: the same rule, return at once.
     */
    default void resourceRunning(RunningResource running, Instant now) {
    }
}
