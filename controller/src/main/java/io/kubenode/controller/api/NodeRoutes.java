package io.kubenode.controller.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.document.DocumentReader;
import io.kubenode.common.document.Documents;
import io.kubenode.common.document.ReadResult;
import io.kubenode.common.pki.ApprovedCsr;
import io.kubenode.common.pki.CsrRefusedException;
import io.kubenode.common.pki.NodeCsrPolicy;
import io.kubenode.common.pki.Pem;
import io.kubenode.common.pki.PkiException;
import io.kubenode.common.status.NodeStatus;
import io.kubenode.common.validation.Problem;
import io.kubenode.controller.metrics.ControllerMetrics;
import io.kubenode.controller.node.NodeCertificateIssuer;
import io.kubenode.controller.node.NodeStatuses;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.util.List;

/**
 * The routes a node calls with its own certificate: {@code PUT /api/v1/nodes/{name}/status} and
 * {@code POST /api/v1/nodes/{name}/certificate} (renewal with a new key). Only the node itself: an admin may read
 * a node but not speak for it.
 */
final class NodeRoutes {
    private final Vertx vertx;
    private final NodeStatuses statuses;
    private final NodeCertificateIssuer issuer;
    private final ControllerMetrics metrics;

    NodeRoutes(Vertx vertx, NodeStatuses statuses, NodeCertificateIssuer issuer, ControllerMetrics metrics) {
        this.vertx = vertx;
        this.statuses = statuses;
        this.issuer = issuer;
        this.metrics = metrics;
    }

    void putStatus(RoutingContext ctx) {
        String node = ctx.pathParam("name");
        if (!Caller.requireNode(ctx, node)) {
            return;
        }
        ReadResult<NodeStatus> read = DocumentReader.read(Bodies.bytes(ctx), NodeStatus.class);
        if (read instanceof ReadResult.Unreadable<NodeStatus> unreadable) {
            Responses.error(ctx, 422, new ApiError("invalid", "the status is invalid",
                    unreadable.problems().stream().map(Problem::render).toList()));
            return;
        }
        NodeStatus status = ((ReadResult.Read<NodeStatus>) read).value();
        List<String> problems = StatusChecks.problems(status, node);
        if (!problems.isEmpty()) {
            Responses.error(ctx, 422, new ApiError("invalid", "the status is invalid", problems));
            return;
        }
        statuses.record(status);
        ctx.response().setStatusCode(204).end();
    }

    void renew(RoutingContext ctx) {
        String node = ctx.pathParam("name");
        if (!Caller.requireNode(ctx, node)) {
            return;
        }
        ApprovedCsr approved;
        try {
            JsonNode body = Documents.json().readTree(Bodies.bytes(ctx));
            String csrPem = body == null ? null : body.path("csr").asText(null);
            if (csrPem == null) {
                Responses.error(ctx, 400, "bad_request", "expected {\"csr\": \"-----BEGIN CERTIFICATE REQUEST-----...\"}");
                return;
            }
            approved = NodeCsrPolicy.approve(Pem.readCsr(csrPem), node);
        } catch (IOException | PkiException e) {
            Responses.error(ctx, 400, "bad_request", "unreadable request: " + e.getMessage());
            return;
        } catch (CsrRefusedException e) {
            metrics.renewal("csr_refused");
            Responses.error(ctx, 422, "csr_refused", e.getMessage());
            return;
        }
        vertx.executeBlocking(() -> issuer.issue(approved, "node.renew")).onSuccess(certificate -> {
            metrics.renewal("accepted");
            Responses.json(ctx, 200, issuer.answer(certificate));
        }).onFailure(ctx::fail);
    }
}
