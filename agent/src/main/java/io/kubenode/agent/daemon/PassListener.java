package io.kubenode.agent.daemon;

import io.kubenode.agent.engine.Report;

/**
 * Told about every finished pass, on the pass thread: it must return at once (hand the report to another thread),
 * because nothing it does may delay or fail a pass.
 */
@FunctionalInterface
public interface PassListener {
    PassListener NONE = report -> { };

    void passCompleted(Report report);
}
