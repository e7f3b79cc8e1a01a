package io.kubenode.controller.api;

import io.kubenode.common.document.Documents;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** Writes JSON answers (compact, keys sorted); one place decides content type and serialisation. */
final class Responses {
    private static final String JSON = "application/json";

    private Responses() {
    }

    static void json(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(Documents.canonicalJson(body));
    }

    static void error(RoutingContext ctx, int status, ApiError error) {
        if (!ctx.response().ended()) {
            json(ctx, status, error);
        }
    }

    static void error(RoutingContext ctx, int status, String code, String message) {
        error(ctx, status, ApiError.of(code, message));
    }

    /** For requests the router never sees (the HTTP codec refused them): the same JSON, straight on the response. */
    static Future<Void> error(HttpServerResponse response, int status, String code, String message) {
        return response.setStatusCode(status).putHeader("Content-Type", JSON)
                .end(Documents.canonicalJson(ApiError.of(code, message)));
    }
}
