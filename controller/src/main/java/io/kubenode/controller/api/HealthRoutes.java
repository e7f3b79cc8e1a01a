package io.kubenode.controller.api;

import io.kubenode.controller.store.Store;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/** Unauthenticated liveness and readiness, for load balancers and systemd watchdogs: no data in the answers. */
final class HealthRoutes {
    private final Vertx vertx;
    private final Store store;

    HealthRoutes(Vertx vertx, Store store) {
        this.vertx = vertx;
        this.store = store;
    }

    void healthz(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "text/plain").end("ok\n");
    }

    /** Ready when the store answers a read. */
    void readyz(RoutingContext ctx) {
        vertx.executeBlocking(store::currentCluster)
                .onSuccess(ignored -> ctx.response().putHeader("Content-Type", "text/plain").end("ok\n"))
                .onFailure(e -> ctx.response().setStatusCode(503).putHeader("Content-Type", "text/plain")
                        .end("store not ready\n"));
    }
}
