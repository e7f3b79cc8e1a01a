package io.kubenode.controller.api;

import io.kubenode.controller.node.CertificateSerials;
import io.kubenode.controller.node.Revocations;
import io.kubenode.controller.store.IssuedCertificate;
import io.kubenode.controller.store.SerialRevocation;
import io.kubenode.controller.store.Store;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every certificate the controller signed, of every kind ({@code GET /api/v1/certificates}), and
 * {@code POST /api/v1/certificates/{serial}/revoke}: revokes one of them, an admin's included, from the next
 * request on. Admins only.
 */
final class CertificateRoutes {
    private static final System.Logger LOG = System.getLogger(CertificateRoutes.class.getName());
    private final Vertx vertx;
    private final Store store;
    private final Revocations revocations;

    CertificateRoutes(Vertx vertx, Store store, Revocations revocations) {
        this.vertx = vertx;
        this.store = store;
        this.revocations = revocations;
    }

    void list(RoutingContext ctx) {
        if (!Caller.requireAdmin(ctx)) {
            return;
        }
        vertx.executeBlocking(store::allIssuedCertificates)
                .onSuccess(issued -> Responses.json(ctx, 200, Map.of("items", views(issued))))
                .onFailure(ctx::fail);
    }

    void revoke(RoutingContext ctx) {
        if (!Caller.requireAdmin(ctx)) {
            return;
        }
        String text = ctx.pathParam("serial");
        Optional<BigInteger> serial = CertificateSerials.parse(text);
        if (serial.isEmpty()) {
            Responses.error(ctx, 400, "invalid_serial", CertificateSerials.problem(text));
            return;
        }
        String who = Caller.of(ctx).name();
        vertx.executeBlocking(() -> store.revokeSerial(serial.get(), who))
                .onSuccess(revoked -> answerRevoked(ctx, serial.get(), who, revoked)).onFailure(ctx::fail);
    }

    private void answerRevoked(RoutingContext ctx, BigInteger serial, String who,
                               Optional<SerialRevocation> revoked) {
        if (revoked.isEmpty()) {
            Responses.error(ctx, 404, "not_found", "no certificate with serial " + CertificateSerials.hex(serial)
                    + " was recorded by this controller");
            return;
        }
        revocations.add(List.of(serial));
        IssuedCertificate certificate = revoked.get().certificate();
        if (revoked.get().newlyRevoked()) {
            LOG.log(System.Logger.Level.INFO, who + " revoked the " + certificate.kind().stored()
                    + " certificate " + CertificateSerials.hex(serial) + " of " + certificate.subject());
        }
        Map<String, Object> body = view(certificate);
        body.put("alreadyRevoked", !revoked.get().newlyRevoked());
        Responses.json(ctx, 200, body);
    }

    private static List<Map<String, Object>> views(List<IssuedCertificate> issued) {
        return issued.stream().map(CertificateRoutes::view).toList();
    }

    private static Map<String, Object> view(IssuedCertificate certificate) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("serial", CertificateSerials.hex(certificate.serial()));
        view.put("kind", certificate.kind().stored());
        view.put("subject", certificate.subject());
        view.put("issuedAt", certificate.issuedAt().toString());
        view.put("notAfter", certificate.notAfter().toString());
        view.put("revoked", certificate.revoked());
        return view;
    }
}
