package io.kubenode.controller.api;

import io.kubenode.common.document.DocumentReader;
import io.kubenode.common.document.ReadResult;
import io.kubenode.common.status.NodeStatus;
import io.kubenode.common.validation.Problem;
import io.kubenode.controller.metrics.ControllerMetrics;
import io.kubenode.controller.node.NodeCertificateIssuer;
import io.kubenode.controller.node.NodeStatuses;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The routes a node calls with its own certificate: {@code PUT /api/v1/nodes/{name}/status} and
 * {@code POST /api/v1/nodes/{name}/certificate} (renewal with a new key). Only the node itself: an admin may read
 * a node but not speak for it. Renewals are rate-limited per node ({@link RenewalLimiter}).
 */
final class NodeRoutes {
    private final Vertx vertx;
    private final NodeStatuses statuses;
    private final NodeCertificateIssuer issuer;
    private final RenewalLimiter renewals;
    private final ControllerMetrics metrics;

    NodeRoutes(Vertx vertx, NodeStatuses statuses, NodeCertificateIssuer issuer, RenewalLimiter renewals,
               ControllerMetrics metrics) {
        this.vertx = vertx;
        this.statuses = statuses;
        this.issuer = issuer;
        this.renewals = renewals;
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
        Optional<Duration> wait = renewals.acquire(node);
        if (wait.isPresent()) {
            metrics.renewal("rate_limited");
            ctx.response().putHeader("Retry-After", Long.toString(Math.max(1, wait.get().toSeconds())));
            Responses.error(ctx, 429, "renewal_rate_limited", "node " + node + " renewed its certificate "
                    + renewals.budget() + " times within " + RenewalLimiter.WINDOW.toMinutes()
                    + " minutes; try again in " + Math.max(1, wait.get().toSeconds()) + "s");
            return;
        }
        CsrBodies.Result<CsrBodies.Fields> fields = CsrBodies.fields(Bodies.bytes(ctx), node);
        if (fields.refusal() != null) {
            fields.refusal().answer(ctx);
            return;
        }
        BigInteger renewedWith = Caller.certificate(ctx).getSerialNumber();
        // Parsing and verifying the CSR is public-key work: on a worker with the signing, never on the event loop.
        vertx.executeBlocking(() -> renewal(fields.value(), renewedWith))
                .onSuccess(outcome -> answerRenewal(ctx, outcome)).onFailure(ctx::fail);
    }

    /** A renewal's result: the CSR's refusal, or the new certificate (empty: the caller was revoked meanwhile). */
    private record Renewal(CsrBodies.Refusal refusal, Optional<X509Certificate> certificate) {
    }

    private Renewal renewal(CsrBodies.Fields fields, BigInteger renewedWith) {
        CsrBodies.Result<CsrBodies.Approved> approved = CsrBodies.approve(fields);
        if (approved.refusal() != null) {
            return new Renewal(approved.refusal(), Optional.empty());
        }
        return new Renewal(null, issuer.renew(approved.value().csr(), renewedWith));
    }

    /** The new certificate; the CSR's refusal; or 401 when the caller's was revoked while it was being signed. */
    private void answerRenewal(RoutingContext ctx, Renewal renewal) {
        if (renewal.refusal() != null) {
            if (renewal.refusal().policy()) {
                metrics.renewal("csr_refused");
            }
            renewal.refusal().answer(ctx);
            return;
        }
        if (renewal.certificate().isEmpty()) {
            metrics.renewal("revoked");
            Caller.refuseRevoked(ctx);
            return;
        }
        metrics.renewal("accepted");
        Responses.json(ctx, 200, issuer.answer(renewal.certificate().get()));
    }
}
