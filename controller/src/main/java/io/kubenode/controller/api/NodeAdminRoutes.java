package io.kubenode.controller.api;

import io.kubenode.common.cluster.NodeSpec;
import io.kubenode.common.status.NodeSummary;
import io.kubenode.controller.catalog.CatalogWatches;
import io.kubenode.controller.catalog.ClusterCatalogs;
import io.kubenode.controller.node.NodeStatuses;
import io.kubenode.controller.node.NodeSummaries;
import io.kubenode.controller.node.ReceivedStatus;
import io.kubenode.controller.node.Revocations;
import io.kubenode.controller.store.IssuedCertificate;
import io.kubenode.controller.store.Store;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Admin views of nodes ({@code GET /api/v1/nodes}, {@code GET /api/v1/nodes/{name}}) and
 * {@code POST /api/v1/nodes/{name}/revoke}, which revokes every certificate the node holds: from the next request
 * on it can neither read its catalog, nor report, nor renew.
 */
final class NodeAdminRoutes {
    private final Vertx vertx;
    private final Store store;
    private final ClusterCatalogs catalogs;
    private final NodeStatuses statuses;
    private final Revocations revocations;

    NodeAdminRoutes(Vertx vertx, Store store, ClusterCatalogs catalogs, NodeStatuses statuses,
                    Revocations revocations) {
        this.vertx = vertx;
        this.store = store;
        this.catalogs = catalogs;
        this.statuses = statuses;
        this.revocations = revocations;
    }

    void list(RoutingContext ctx) {
        if (!Caller.requireAdmin(ctx)) {
            return;
        }
        vertx.executeBlocking(store::issuedCertificates)
                .onSuccess(issued -> Responses.json(ctx, 200, Map.of("items", summaries(issued))))
                .onFailure(ctx::fail);
    }

    void get(RoutingContext ctx) {
        if (!Caller.requireAdmin(ctx)) {
            return;
        }
        String name = ctx.pathParam("name");
        vertx.executeBlocking(store::issuedCertificates).onSuccess(issued -> {
            Optional<NodeSpec> spec = catalogs.current().flatMap(cluster -> NodeSummaries.spec(cluster, name));
            Optional<ReceivedStatus> received = statuses.of(name);
            List<IssuedCertificate> certificates = NodeSummaries.certificatesOf(issued, name);
            if (spec.isEmpty() && received.isEmpty() && certificates.isEmpty()) {
                Responses.error(ctx, 404, "not_found", "no node " + name + ": the cluster document does not name it,"
                        + " it never enrolled and never reported");
                return;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("summary", NodeSummaries.summary(name, spec, catalogs.watches()::generation, received,
                    certificates));
            body.put("status", received.map(ReceivedStatus::status).orElse(null));
            body.put("catalogGeneration", catalogs.watches().generation(name));
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
            System.err.println("kubenode-controller: " + who + " revoked the certificates of node " + name);
            Responses.json(ctx, 200, Map.of("node", name,
                    "revokedSerials", serials.stream().map(serial -> serial.toString(16)).toList()));
        }).onFailure(ctx::fail);
    }

    private List<NodeSummary> summaries(List<IssuedCertificate> issued) {
        CatalogWatches watches = catalogs.watches();
        return NodeSummaries.of(catalogs.current(), watches::generation, statuses.all(), issued);
    }
}
