package io.kubenode.controller.api;

import io.kubenode.common.cluster.NodeSpec;
import io.kubenode.common.status.NodeSummary;
import io.kubenode.controller.departure.NodeForgetting;
import io.kubenode.controller.catalog.CatalogWatches;
import io.kubenode.controller.catalog.ClusterCatalogs;
import io.kubenode.controller.node.NodeStatuses;
import io.kubenode.controller.node.NodeSummaries;
import io.kubenode.controller.node.ReceivedStatus;
import io.kubenode.controller.node.Revocations;
import io.kubenode.controller.orchestration.OrchestrationRecord;
import io.kubenode.controller.orchestration.OrchestrationView;
import io.kubenode.controller.orchestration.view.OrchestrationStatus;
import io.kubenode.controller.store.IssuedCertificate;
import io.kubenode.controller.store.Store;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Admin views of nodes ({@code GET /api/v1/nodes}, {@code GET /api/v1/nodes/{name}}) and
 * {@code POST /api/v1/nodes/{name}/revoke}, which revokes every certificate the node holds: from the next request
 * on it can neither read its catalog, nor report, nor renew. Each node's orchestration phase (the PHASE column) and,
 * for one node, its orchestration entry (the Orchestration condition of {@code describe node}) come from the record.
 */
final class NodeAdminRoutes {
    private static final System.Logger LOG = System.getLogger(NodeAdminRoutes.class.getName());
    private final Vertx vertx;
    private final Store store;
    private final ClusterCatalogs catalogs;
    private final NodeStatuses statuses;
    private final Revocations revocations;
    private final OrchestrationView orchestration;
    private final NodeForgetting forgetting;

    NodeAdminRoutes(Vertx vertx, Store store, ClusterCatalogs catalogs, NodeStatuses statuses,
                    Revocations revocations, OrchestrationView orchestration, NodeForgetting forgetting) {
        this.vertx = vertx;
        this.store = store;
        this.catalogs = catalogs;
        this.statuses = statuses;
        this.revocations = revocations;
        this.orchestration = orchestration;
        this.forgetting = forgetting;
    }

    /** What a node route reads from the store: the certificates issued and the orchestration record. */
    private record Stored(List<IssuedCertificate> issued, Optional<OrchestrationRecord> record) {
    }

    private Stored stored() {
        return new Stored(store.issuedCertificates(), orchestration.current());
    }

    void list(RoutingContext ctx) {
        if (!Caller.requireAdmin(ctx)) {
            return;
        }
        vertx.executeBlocking(this::stored)
                .onSuccess(stored -> Responses.json(ctx, 200, Map.of("items", summaries(stored))))
                .onFailure(ctx::fail);
    }

    void get(RoutingContext ctx) {
        if (!Caller.requireAdmin(ctx)) {
            return;
        }
        String name = ctx.pathParam("name");
        vertx.executeBlocking(this::stored).onSuccess(stored -> {
            List<IssuedCertificate> issued = stored.issued();
            Optional<NodeSpec> spec = catalogs.current().flatMap(cluster -> NodeSummaries.spec(cluster, name));
            Optional<ReceivedStatus> received = statuses.of(name);
            List<IssuedCertificate> certificates = NodeSummaries.certificatesOf(issued, name);
            if (spec.isEmpty() && received.isEmpty() && certificates.isEmpty()) {
                Responses.error(ctx, 404, "not_found", "no node " + name + ": the cluster document does not name it,"
                        + " it never enrolled and never reported");
                return;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            Optional<OrchestrationStatus> status = stored.record().map(record -> OrchestrationStatus.of(record,
                    Instant.now()));
            body.put("summary", NodeSummaries.summary(name, spec, catalogs.watches()::generation, received,
                    certificates).withPhase(NodeSummaries.phase(status, name)));
            body.put("status", received.map(ReceivedStatus::status).orElse(null));
            body.put("catalogGeneration", catalogs.watches().generation(name));
            body.put("orchestration", status.flatMap(each -> each.node(name)).orElse(null));
            Responses.json(ctx, 200, body);
        }).onFailure(ctx::fail);
    }

    void revoke(RoutingContext ctx) {
        if (!Caller.requireAdmin(ctx)) {
            return;
        }
        String name = ctx.pathParam("name");
        String who = Caller.of(ctx).name();
        vertx.executeBlocking(() -> store.revokeNode(name, who)).onSuccess(serials -> {
            if (serials.isEmpty()) {
                Responses.error(ctx, 404, "not_found", "node " + name + " holds no unrevoked certificate");
                return;
            }
            revocations.add(serials);
            LOG.log(System.Logger.Level.INFO, who + " revoked the certificates of node " + name);
            Responses.json(ctx, 200, Map.of("node", name,
                    "revokedSerials", serials.stream().map(serial -> serial.toString(16)).toList()));
        }).onFailure(ctx::fail);
    }

    /** {@code POST /api/v1/nodes/{name}/forget}: see {@link NodeForgetting}; 404 for a node that is not leaving. */
    void forget(RoutingContext ctx) {
        if (!Caller.requireAdmin(ctx)) {
            return;
        }
        String name = ctx.pathParam("name");
        String who = Caller.of(ctx).name();
        vertx.executeBlocking(() -> forgetting.forget(name, who)).onSuccess(outcome -> {
            if (outcome instanceof NodeForgetting.Outcome.NotLeaving notLeaving) {
                Responses.error(ctx, 404, "not_found", notLeaving.message());
                return;
            }
            NodeForgetting.Outcome.Forgotten forgotten = (NodeForgetting.Outcome.Forgotten) outcome;
            LOG.log(System.Logger.Level.INFO, who + " forgot node " + name + " (gone for good), revoking "
                    + forgotten.revokedSerials().size() + " certificates");
            Responses.json(ctx, 200, Map.of("node", name, "forgottenBy", forgotten.departure().forgottenBy(),
                    "step", forgotten.departure().step().name(),
                    "revokedSerials", forgotten.revokedSerials().stream().map(serial -> serial.toString(16)).toList()));
        }).onFailure(ctx::fail);
    }

    private List<NodeSummary> summaries(Stored stored) {
        CatalogWatches watches = catalogs.watches();
        Optional<OrchestrationStatus> status = stored.record().map(record -> OrchestrationStatus.of(record,
                Instant.now()));
        return NodeSummaries.of(catalogs.current(), watches::generation, statuses.all(), stored.issued()).stream()
                .map(summary -> summary.withPhase(NodeSummaries.phase(status, summary.name()))).toList();
    }
}
