package io.kubenode.controller.api;

import io.vertx.ext.web.RoutingContext;

import java.util.Locale;

/**
 * Bodies are documents (YAML or JSON), never forms. Vert.x would try to decode a form body (curl's default type for
 * --data) and answer a bare 400 on YAML; this says what to send instead.
 */
final class MediaTypes {
    private MediaTypes() {
    }

    static void refuseForms(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
        if (lower.startsWith("application/x-www-form-urlencoded") || lower.startsWith("multipart/")) {
            Responses.error(ctx, 415, "unsupported_media_type",
                    "send the body as application/yaml or application/json, not " + type);
            return;
        }
        ctx.next();
    }
}
