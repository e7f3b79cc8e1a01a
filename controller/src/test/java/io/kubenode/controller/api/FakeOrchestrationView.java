package io.kubenode.controller.api;

import io.kubenode.controller.orchestration.OrchestrationRecord;
import io.kubenode.controller.orchestration.OrchestrationView;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The orchestration record as the API reads it, held in memory: stands in for the store's table (wired in by the
 * orchestration loop) so route and CLI tests can show any record they set.
 */
public final class FakeOrchestrationView implements OrchestrationView {
    private final AtomicReference<OrchestrationRecord> record = new AtomicReference<>();

    @Override
    public Optional<OrchestrationRecord> current() {
        return Optional.ofNullable(record.get());
    }

    public void set(OrchestrationRecord next) {
        record.set(next);
    }
}
