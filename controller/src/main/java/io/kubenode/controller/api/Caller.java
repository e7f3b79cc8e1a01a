package io.kubenode.controller.api;

import io.kubenode.common.pki.Identity;
import io.vertx.ext.web.RoutingContext;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * Who is calling: the identity of the verified client certificate (the TLS layer already checked it against the
 * agent CA), or nobody. Default deny: routes ask for the role they need.
 */
final class Caller {
    private static final String KEY = "kubenode.caller";

    private Caller() {
    }

    /** Handler for every /api route: records the caller's identity, or answers 401 when there is no certificate. */
    static void authenticate(RoutingContext ctx) {
        Optional<Identity> identity = peerIdentity(ctx);
        if (identity.isEmpty()) {
            Responses.error(ctx, 401, "unauthenticated", "a client certificate signed by the cluster CA is required");
            return;
        }
        ctx.put(KEY, identity.get());
        ctx.next();
    }

    static Identity of(RoutingContext ctx) {
        return ctx.get(KEY);
    }

    /** True when the caller is an admin; otherwise (a node, or a certificate of no kubenode role) 403 and false. */
    static boolean requireAdmin(RoutingContext ctx) {
        if (of(ctx).role() == Identity.Role.ADMIN) {
            return true;
        }
        Responses.error(ctx, 403, "forbidden", "this route is for admins (O=kubenode:admins)");
        return false;
    }

    private static Optional<Identity> peerIdentity(RoutingContext ctx) {
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
        return Optional.of(Identity.of(peer));
    }
}
