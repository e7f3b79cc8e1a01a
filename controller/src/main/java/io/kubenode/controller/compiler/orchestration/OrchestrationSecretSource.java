package io.kubenode.controller.compiler.orchestration;

import io.kubenode.controller.orchestration.OrchestrationRecord;

/**
 * Unseals what a record's released steps need before a compilation (blocking: store reads, and the cluster PKI is
 * generated on its first need). {@link #NONE} provides nothing: compiling a record that needs a secret then fails
 * naming it.
 */
@FunctionalInterface
public interface OrchestrationSecretSource {
    OrchestrationSecretSource NONE = record -> OrchestrationSecrets.NONE;

    OrchestrationSecrets secretsFor(OrchestrationRecord record);

    /**
     * Makes ahead of time what the first release will need (the cluster PKI: four RSA keys, most of a second), so
     * no step's release waits for it. Blocking; idempotent.
     */
    default void prepare() {
    }
}
