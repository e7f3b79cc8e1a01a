package io.kubenode.controller.api;

import io.kubenode.common.pki.Identity;
import io.kubenode.controller.node.Revocations;
import io.vertx.ext.web.RoutingContext;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Who is calling: the identity of the verified client certificate (the TLS layer already checked it against the
 * agent CA), or nobody. A revoked certificate is nobody too, and so is one that expired since the handshake (a
 * kept-alive connection would otherwise outlive it). Default deny: routes ask for the role they need.
 */
final class Caller {
    private static final String IDENTITY = "kubenode.caller";
    private static final String CERTIFICATE = "kubenode.caller.certificate";

    private final Revocations revocations;
    private final Clock clock;

    Caller(Revocations revocations, Clock clock) {
        this.revocations = revocations;
        this.clock = clock;
    }

    /** Handler for every authenticated route: 401 without a certificate or with a revoked or expired one. */
    void authenticate(RoutingContext ctx) {
        Optional<X509Certificate> peer = peerCertificate(ctx);
        if (peer.isEmpty()) {
            Responses.error(ctx, 401, "unauthenticated", "a client certificate signed by the cluster CA is required");
            return;
        }
        if (revocations.isRevoked(peer.get().getSerialNumber())) {
            refuseRevoked(ctx);
            return;
        }
        if (expired(peer.get())) {
            refuseExpired(ctx, peer.get());
            return;
        }
        ctx.put(IDENTITY, Identity.of(peer.get()));
        ctx.put(CERTIFICATE, peer.get());
        ctx.next();
    }

    /**
     * For an answer given long after {@link #authenticate} (a parked long poll): true while the caller's certificate
     * is still unrevoked and unexpired; otherwise 401 certificate_revoked or certificate_expired and false.
     */
    boolean stillValid(RoutingContext ctx) {
        X509Certificate certificate = certificate(ctx);
        if (revocations.isRevoked(certificate.getSerialNumber())) {
            refuseRevoked(ctx);
            return false;
        }
        if (expired(certificate)) {
            refuseExpired(ctx, certificate);
            return false;
        }
        return true;
    }

    private boolean expired(X509Certificate certificate) {
        return clock.instant().isAfter(certificate.getNotAfter().toInstant());
    }

    private static void refuseExpired(RoutingContext ctx, X509Certificate certificate) {
        Responses.error(ctx, 401, "certificate_expired", "this client certificate expired at "
                + certificate.getNotAfter().toInstant() + "; a node renews before that, else enroll it again with a "
                + "new bootstrap token");
    }

    static void refuseRevoked(RoutingContext ctx) {
        Responses.error(ctx, 401, "certificate_revoked", "this client certificate was revoked; enroll again with a "
                + "new bootstrap token");
    }

    static Identity of(RoutingContext ctx) {
        return ctx.get(IDENTITY);
    }

    static X509Certificate certificate(RoutingContext ctx) {
        return ctx.get(CERTIFICATE);
    }

    /** True when the caller is an admin; otherwise (a node, or a certificate of no kubenode role) 403 and false. */
    static boolean requireAdmin(RoutingContext ctx) {
        if (of(ctx).role() == Identity.Role.ADMIN) {
            return true;
        }
        Responses.error(ctx, 403, "forbidden", "this route is for admins (O=kubenode:admins)");
        return false;
    }

    /** True when the caller is the monitoring role or an admin; otherwise (a node, or no kubenode role) 403 and false. */
    static boolean requireMonitoring(RoutingContext ctx) {
        Identity.Role role = of(ctx).role();
        if (role == Identity.Role.MONITORING || role == Identity.Role.ADMIN) {
            return true;
        }
        Responses.error(ctx, 403, "forbidden", "this route is for monitoring (O=kubenode:monitoring) and admins");
        return false;
    }

    /** True when the caller is the node {@code name} itself; otherwise 403 and false. */
    static boolean requireNode(RoutingContext ctx, String name) {
        Identity identity = of(ctx);
        if (identity.role() == Identity.Role.NODE && identity.name().equals(name)) {
            return true;
        }
        Responses.error(ctx, 403, "forbidden", "only node " + name + " itself may use this route");
        return false;
    }

    /** True when the caller is the node {@code name} or an admin; otherwise 403 and false. */
    static boolean requireNodeOrAdmin(RoutingContext ctx, String name) {
        Identity identity = of(ctx);
        if (identity.role() == Identity.Role.ADMIN
                || identity.role() == Identity.Role.NODE && identity.name().equals(name)) {
            return true;
        }
        Responses.error(ctx, 403, "forbidden", "only node " + name + " itself or an admin may read this");
        return false;
    }

    private static Optional<X509Certificate> peerCertificate(RoutingContext ctx) {
        List<Certificate> chain;
        try {
            chain = ctx.request().connection().peerCertificates();
        } catch (Exception e) {
            // SSLPeerUnverifiedException: the client sent no certificate (client auth is only requested)
            return Optional.empty();
        }
        if (chain == null || chain.isEmpty() || !(chain.get(0) instanceof X509Certificate peer)) {
            return Optional.empty();
        }
        return Optional.of(peer);
    }
}
