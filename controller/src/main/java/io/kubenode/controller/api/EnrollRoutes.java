package io.kubenode.controller.api;

import io.kubenode.controller.metrics.ControllerMetrics;
import io.kubenode.controller.node.NodeCertificateIssuer;
import io.kubenode.controller.store.TokenCheck;
import io.kubenode.controller.token.BootstrapToken;
import io.kubenode.controller.token.BootstrapTokens;
import io.kubenode.controller.token.InvalidTokenException;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code POST /api/v1/enroll}, the one API route without a client certificate: a bootstrap token
 * ({@code Authorization: Bearer id.secret}) and {@code {"nodeName": ..., "csr": PEM}} buy a node certificate. The
 * agent made its key itself; the CSR must ask for exactly CN=nodeName, O=kubenode:nodes.
 *
 * <p>Cheapest refusals first, so an anonymous caller cannot make the controller do public-key work: the rate limit
 * and the token's form on the event loop; then, on a worker (at most {@code maxInFlight} enrollments at once), the
 * token is checked without spending it, then the CSR is parsed and verified, and only then is a use taken, in one
 * transaction that also refuses an unbound token for a protected name (see {@link EnrollmentNames}). A token is
 * never echoed or logged.
 */
final class EnrollRoutes {
    private static final System.Logger LOG = System.getLogger(EnrollRoutes.class.getName());
    private static final String BEARER = "Bearer ";

    private final Vertx vertx;
    private final BootstrapTokens tokens;
    private final NodeCertificateIssuer issuer;
    private final EnrollLimiter limiter;
    private final EnrollmentNames names;
    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ControllerMetrics metrics;

    EnrollRoutes(Vertx vertx, BootstrapTokens tokens, NodeCertificateIssuer issuer, EnrollLimiter limiter,
                 EnrollmentNames names, int maxInFlight, ControllerMetrics metrics) {
        this.vertx = vertx;
        this.tokens = tokens;
        this.issuer = issuer;
        this.limiter = limiter;
        this.names = names;
        this.maxInFlight = maxInFlight;
        this.metrics = metrics;
    }

    /** What a worker decided: the answer body (certificate and CA) or a refusal, with its metric and log line. */
    private record Outcome(Map<String, String> issued, CsrBodies.Refusal refusal, String result, String logLine) {
        static Outcome refused(int status, String code, String message, String result, String logLine) {
            return new Outcome(null, new CsrBodies.Refusal(status, code, message, false), result, logLine);
        }
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
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            metrics.enrollment("rate_limited");
            ctx.response().putHeader("Retry-After", "5");
            Responses.error(ctx, 503, "busy", "too many enrollments under way; retry in a few seconds");
            return;
        }
        byte[] body = Bodies.bytes(ctx);
        // unordered: enrollments must not queue behind each other, nor behind other routes of this event loop
        vertx.executeBlocking(() -> decide(token, body, source), false).onComplete(decided -> {
            inFlight.decrementAndGet();
            if (decided.failed()) {
                ctx.fail(decided.cause());
            } else {
                answer(ctx, decided.result());
            }
        });
    }

    /** On a worker: token check, CSR, protected name, token use, signing; in that order. */
    private Outcome decide(BootstrapToken token, byte[] body, String source) {
        CsrBodies.Result<CsrBodies.Fields> fields = CsrBodies.fields(body, null);
        if (fields.refusal() != null) {
            return new Outcome(null, fields.refusal(), null, null);
        }
        String nodeName = fields.value().nodeName();
        TokenCheck check = tokens.check(token, nodeName);
        if (check != TokenCheck.ACCEPTED) {
            return refusal(check, source, nodeName);
        }
        CsrBodies.Result<CsrBodies.Approved> approved = CsrBodies.approve(fields.value());
        if (approved.refusal() != null) {
            return new Outcome(null, approved.refusal(), approved.refusal().policy() ? "csr_refused" : null, null);
        }
        if (!names.reserve(nodeName)) {
            return Outcome.refused(409, "enrollment_in_progress", "another enrollment of node " + nodeName
                    + " is under way; retry in a few seconds", "token_refused", null);
        }
        try {
            Optional<String> protectedReason = names.protectedReason(nodeName);
            TokenCheck consumed = tokens.consume(token, nodeName, protectedReason.orElse(null));
            if (consumed != TokenCheck.ACCEPTED) {
                return refusal(consumed, source, nodeName);
            }
            return new Outcome(issuer.answer(issuer.issue(approved.value().csr(), "node.enroll")), null, "accepted",
                    null);
        } finally {
            names.release(nodeName);
        }
    }

    private static Outcome refusal(TokenCheck check, String source, String nodeName) {
        return switch (check) {
            case UNKNOWN -> Outcome.refused(401, "invalid_token", "unknown bootstrap token", "invalid_token",
                    "enrollment refused from " + source + ": unknown bootstrap token");
            case EXPIRED -> Outcome.refused(403, "token_expired", "the bootstrap token has expired", "token_refused",
                    null);
            case USED_UP -> Outcome.refused(403, "token_used_up", "the bootstrap token has no uses left",
                    "token_refused", null);
            case REVOKED -> Outcome.refused(403, "token_revoked", "the bootstrap token was revoked", "token_refused",
                    null);
            case WRONG_NODE -> Outcome.refused(403, "token_bound", "the bootstrap token is for another node",
                    "token_refused", null);
            case NEEDS_BOUND_TOKEN -> Outcome.refused(403, "node_needs_bound_token", "node " + nodeName
                    + " holds a valid certificate or is a control plane: only a token bound to it may enroll it "
                    + "(kubenodectl token create --node " + nodeName + ")", "token_refused",
                    "enrollment refused from " + source + ": an unbound token asked for protected node " + nodeName);
            case ACCEPTED -> throw new IllegalArgumentException("not a refusal: " + check);
        };
    }

    private void answer(RoutingContext ctx, Outcome outcome) {
        if (outcome.result() != null) {
            metrics.enrollment(outcome.result());
        }
        if (outcome.logLine() != null) {
            LOG.log(System.Logger.Level.WARNING, outcome.logLine());
        }
        if (outcome.refusal() != null) {
            outcome.refusal().answer(ctx);
        } else {
            Responses.json(ctx, 200, outcome.issued());
        }
    }

    /** 401, and a log line for the operator: who tried, never what they sent. */
    private static void refuseToken(RoutingContext ctx, String source, String message) {
        LOG.log(System.Logger.Level.WARNING, "enrollment refused from " + source + ": " + message);
        Responses.error(ctx, 401, "invalid_token", message);
    }
}
