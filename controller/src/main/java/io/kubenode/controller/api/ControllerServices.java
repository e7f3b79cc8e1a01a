package io.kubenode.controller.api;

import io.kubenode.controller.catalog.ClusterCatalogs;
import io.kubenode.controller.metrics.ControllerMetrics;
import io.kubenode.controller.node.NodeCertificateIssuer;
import io.kubenode.controller.node.NodeStatuses;
import io.kubenode.controller.node.Revocations;
import io.kubenode.controller.orchestration.loop.OrchestrationLoop;
import io.kubenode.controller.store.Store;
import io.kubenode.controller.token.BootstrapTokens;

import java.util.Optional;

/**
 * What the API's routes work with, assembled once by {@code serve} (or a test) and handed to the server.
 * {@code orchestration}: the orchestrator's loop, absent when no decider is wired; the record in force is
 * {@code catalogs.orchestration()}.
 */
public record ControllerServices(
        Store store,
        BootstrapTokens tokens,
        NodeCertificateIssuer issuer,
        ClusterCatalogs catalogs,
        NodeStatuses statuses,
        Revocations revocations,
        ControllerMetrics metrics,
        Optional<OrchestrationLoop> orchestration) {

    /** Without an orchestrator. */
    public ControllerServices(Store store, BootstrapTokens tokens, NodeCertificateIssuer issuer,
                              ClusterCatalogs catalogs, NodeStatuses statuses, Revocations revocations,
                              ControllerMetrics metrics) {
        this(store, tokens, issuer, catalogs, statuses, revocations, metrics, Optional.empty());
    }
}
