package io.kubenode.controller.api;

import io.kubenode.common.pki.CsrRefusedException;
import io.kubenode.common.pki.PkiException;
import io.kubenode.controller.kubeconfig.AdminCsr;
import io.kubenode.controller.kubeconfig.AdminKubeconfigs;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.security.PublicKey;

/**
 * {@code POST /api/v1/kubeconfig} (admins): mints an admin kubeconfig for the cluster from the admin's CSR (the
 * private key stays with kubenodectl) and answers 201 with the kubeconfig (no key in it) and the certificate's
 * serial, subject and notAfter. 400/422 for a bad body or CSR, 409 {@code no_cluster} before the first cluster
 * document. The CSR check, the PKI (created on first use) and the signing run on a worker.
 */
final class KubeconfigRoutes {
    private final Vertx vertx;
    private final AdminKubeconfigs kubeconfigs;

    KubeconfigRoutes(Vertx vertx, AdminKubeconfigs kubeconfigs) {
        this.vertx = vertx;
        this.kubeconfigs = kubeconfigs;
    }

    /** What the worker came back with: a kubeconfig, or the refusal that stands in for it. */
    private record Outcome(AdminKubeconfigs.Minted minted, int status, String code, String message) {
    }

    void create(RoutingContext ctx) {
        if (!Caller.requireAdmin(ctx)) {
            return;
        }
        KubeconfigRequestBody.Request request;
        try {
            request = KubeconfigRequestBody.parse(Bodies.bytes(ctx));
        } catch (IllegalArgumentException e) {
            Responses.error(ctx, 422, "invalid", e.getMessage());
            return;
        }
        String admin = Caller.of(ctx).name();
        vertx.executeBlocking(() -> mint(admin, request)).onSuccess(outcome -> {
            if (outcome.minted() == null) {
                Responses.error(ctx, outcome.status(), outcome.code(), outcome.message());
            } else {
                Responses.json(ctx, 201, outcome.minted());
            }
        }).onFailure(ctx::fail);
    }

    private Outcome mint(String admin, KubeconfigRequestBody.Request request) {
        PublicKey key;
        try {
            key = AdminCsr.publicKey(request.csrPem());
        } catch (PkiException e) {
            return new Outcome(null, 400, "bad_request", "unreadable CSR: " + e.getMessage());
        } catch (CsrRefusedException e) {
            return new Outcome(null, 422, "csr_refused", e.getMessage());
        }
        try {
            return new Outcome(kubeconfigs.mint(admin, key, request.ttl()), 201, null, null);
        } catch (AdminKubeconfigs.NoClusterException e) {
            return new Outcome(null, 409, "no_cluster", e.getMessage());
        }
    }
}
