package io.kubenode.agent.controller;

/** What a catalog watch request brings: a newer catalog (its bytes, unchecked yet) or nothing new (304). */
public sealed interface CatalogAnswer {

    /** {@code generation}: the X-Kubenode-Generation header, or -1 when the controller sent none. */
    record NewCatalog(byte[] body, long generation) implements CatalogAnswer {
    }

    record Unchanged() implements CatalogAnswer {
    }
}
