package io.kubenode.controller.api;

import io.vertx.ext.web.RoutingContext;

/** The request body's bytes (empty when there is none), as read by the BodyHandler. */
final class Bodies {
    private Bodies() {
    }

    static byte[] bytes(RoutingContext ctx) {
        return ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    }
}
