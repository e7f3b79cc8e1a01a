package io.kubenode.controller.api;

import io.kubenode.common.pki.ApprovedCsr;
import io.kubenode.controller.metrics.ControllerMetrics;
import io.kubenode.controller.node.NodeCertificateIssuer;
import io.kubenode.controller.store.TokenCheck;
import io.kubenode.controller.token.BootstrapToken;
import io.kubenode.controller.token.BootstrapTokens;
import io.kubenode.controller.token.InvalidTokenException;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;


/**
 * {@code POST /api/v1/enroll}, the one API route without a client certificate: a bootstrap token
 * ({@code Authorization: Bearer id.secret}) and {@code {"nodeName": ..., "csr": PEM}} buy a node certificate. The
 * agent made its key itself; the CSR must ask for exactly CN=nodeName, O=kubenode:nodes. The CSR is checked before
 * the token is spent; a token is never echoed or logged.
 */
final class EnrollRoutes {
    private static final String BEARER = "Bearer ";

    private final Vertx vertx;
    private final BootstrapTokens tokens;
    private final NodeCertificateIssuer issuer;
    private final EnrollLimiter limiter;
    private final ControllerMetrics metrics;

    EnrollRoutes(Vertx vertx, BootstrapTokens tokens, NodeCertificateIssuer issuer, EnrollLimiter limiter,
                 ControllerMetrics metrics) {
        this.vertx = vertx;
        this.tokens = tokens;
        this.issuer = issuer;
        this.limiter = limiter;
        this.metrics = metrics;
    }

    void enroll(RoutingContext ctx) {
        String source = ctx.request().remoteAddress().hostAddress();
        if (!limiter.allow(source)) {
            metrics.enrollment("rate_limited");
            Responses.error(ctx, 429, "too_many_requests", "too many enrollment attempts from this address; wait a "
                    + "minute");
            return;
        }
        BootstrapToken token;
        try {
            String header = ctx.request().getHeader("Authorization");
            token = BootstrapToken.parse(header != null && header.startsWith(BEARER)
                    ? header.substring(BEARER.length()) : null);
        } catch (InvalidTokenException e) {
            metrics.enrollment("invalid_token");
            refuseToken(ctx, source, "a bootstrap token (Authorization: Bearer <id>.<secret>) is required");
            return;
        }
        Optional<CsrBodies.Approved> approved = CsrBodies.approve(ctx, null,
                () -> metrics.enrollment("csr_refused"));
        if (approved.isEmpty()) {
            return;
        }
        vertx.executeBlocking(() -> tokens.consume(token, approved.get().nodeName()))
                .onSuccess(check -> answer(ctx, source, check, approved.get().csr())).onFailure(ctx::fail);
    }

    private void answer(RoutingContext ctx, String source, TokenCheck check, ApprovedCsr approved) {
        metrics.enrollment(check == TokenCheck.ACCEPTED ? "accepted"
                : check == TokenCheck.UNKNOWN ? "invalid_token" : "token_refused");
        switch (check) {
            case ACCEPTED -> vertx.executeBlocking(() -> issuer.issue(approved, "node.enroll"))
                    .onSuccess(certificate -> Responses.json(ctx, 200, issuer.answer(certificate)))
                    .onFailure(ctx::fail);
            case UNKNOWN -> refuseToken(ctx, source, "unknown bootstrap token");
            case EXPIRED -> Responses.error(ctx, 403, "token_expired", "the bootstrap token has expired");
            case USED_UP -> Responses.error(ctx, 403, "token_used_up", "the bootstrap token has no uses left");
            case REVOKED -> Responses.error(ctx, 403, "token_revoked", "the bootstrap token was revoked");
            case WRONG_NODE -> Responses.error(ctx, 403, "token_bound", "the bootstrap token is for another node");
        }
    }

    /** 401, and a log line for the operator: who tried, never what they sent. */
    private static void refuseToken(RoutingContext ctx, String source, String message) {
        System.err.println("kubenode-controller: enrollment refused from " + source + ": " + message);
        Responses.error(ctx, 401, "invalid_token", message);
    }
}
