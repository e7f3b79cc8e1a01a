package io.kubenode.controller.api;

import io.kubenode.controller.catalog.ClusterCatalogs;
import io.kubenode.controller.clusterpki.ClusterPkiCustody;
import io.kubenode.controller.metrics.ControllerMetrics;
import io.kubenode.controller.node.NodeCertificateIssuer;
import io.kubenode.controller.node.NodeStatuses;
import io.kubenode.controller.node.Revocations;
import io.kubenode.controller.orchestration.OrchestrationView;
import io.kubenode.controller.orchestration.loop.OrchestrationLoop;
import io.kubenode.controller.rollout.RolloutControl;
import io.kubenode.controller.store.Store;
import io.kubenode.controller.token.BootstrapTokens;

import java.util.Optional;

/**
 * What the API's routes work with, assembled once by {@code serve} (or a test) and handed to the server.
 * {@code orchestration}: read access to the orchestration record; {@code clusterPki}: the cluster's Kubernetes PKI
 * (kubeconfigs are minted from its CA); {@code orchestrationLoop}: the orchestrator's loop, absent when no decider
 * is wired; {@code rollouts}: what people do to the newest revision's rollout ({@code /api/v1/rollout}).
 */
public record ControllerServices(
        Store store,
        BootstrapTokens tokens,
        NodeCertificateIssuer issuer,
        ClusterCatalogs catalogs,
        NodeStatuses statuses,
        Revocations revocations,
        ControllerMetrics metrics,
        OrchestrationView orchestration,
        ClusterPkiCustody clusterPki,
        Optional<OrchestrationLoop> orchestrationLoop,
        RolloutControl rollouts) {

    /** The same services reading the orchestration through {@code view} (tests; the store's view at wiring). */
    public ControllerServices withOrchestration(OrchestrationView view) {
        return new ControllerServices(store, tokens, issuer, catalogs, statuses, revocations, metrics, view,
                clusterPki, orchestrationLoop, rollouts);
    }

    /** The same services acting on rollouts through {@code control} (tests: a fake). */
    public ControllerServices withRollouts(RolloutControl control) {
        return new ControllerServices(store, tokens, issuer, catalogs, statuses, revocations, metrics, orchestration,
                clusterPki, orchestrationLoop, control);
    }
}
