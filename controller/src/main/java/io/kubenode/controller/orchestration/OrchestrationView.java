package io.kubenode.controller.orchestration;

import java.util.Optional;

/**
 * Read access to the orchestration record for the API and its checks (phases for {@code get cluster}, the joined
 * control planes a cluster PUT may not remove). Blocking (the store): call it off the event loop.
 */
@FunctionalInterface
public interface OrchestrationView {
    /** No orchestration yet: nothing decided, nothing joined. */
    OrchestrationView NONE = Optional::empty;

    /** The record as last stored; empty before the first decision. */
    Optional<OrchestrationRecord> current();
}
