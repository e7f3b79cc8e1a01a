package io.kubenode.controller.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.document.Documents;
import io.kubenode.common.validation.Patterns;
import io.kubenode.controller.store.Store;
import io.kubenode.controller.store.TokenInfo;
import io.kubenode.controller.token.BootstrapTokens;
import io.kubenode.controller.token.IssuedToken;
import io.kubenode.controller.token.TokenRequest;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Admin routes for bootstrap tokens. POST answers the token ({@code id.secret}) once; nothing can show the secret
 * again, the store keeps only its hash. Body: {@code {"ttlSeconds": 3600, "uses": 1, "nodeName": "node1"}}, all
 * optional.
 */
final class TokenRoutes {
    private static final long MAX_TTL_SECONDS = Duration.ofDays(7).toSeconds();
    private static final int MAX_USES = 10_000;

    private final Vertx vertx;
    private final Store store;
    private final BootstrapTokens tokens;

    TokenRoutes(Vertx vertx, Store store, BootstrapTokens tokens) {
        this.vertx = vertx;
        this.store = store;
        this.tokens = tokens;
    }

    void create(RoutingContext ctx) {
        if (!Caller.requireAdmin(ctx)) {
            return;
        }
        TokenRequest request;
        try {
            request = request(ctx);
        } catch (IllegalArgumentException e) {
            Responses.error(ctx, 422, "invalid", e.getMessage());
            return;
        }
        String who = Caller.of(ctx).name();
        vertx.executeBlocking(() -> tokens.create(request, who))
                .onSuccess(issued -> Responses.json(ctx, 201, view(issued))).onFailure(ctx::fail);
    }

    void list(RoutingContext ctx) {
        if (!Caller.requireAdmin(ctx)) {
            return;
        }
        vertx.executeBlocking(store::tokens)
                .onSuccess(all -> Responses.json(ctx, 200, all.stream().map(TokenRoutes::view).toList()))
                .onFailure(ctx::fail);
    }

    void revoke(RoutingContext ctx) {
        if (!Caller.requireAdmin(ctx)) {
            return;
        }
        String id = ctx.pathParam("id");
        String who = Caller.of(ctx).name();
        vertx.executeBlocking(() -> store.revokeToken(id, who)).onSuccess(revoked -> {
            if (revoked) {
                ctx.response().setStatusCode(204).end();
            } else {
                Responses.error(ctx, 404, "not_found", "no token with that id");
            }
        }).onFailure(ctx::fail);
    }

    private static TokenRequest request(RoutingContext ctx) {
        JsonNode body = body(ctx);
        long ttl = body.path("ttlSeconds").asLong(TokenRequest.DEFAULT_TTL.toSeconds());
        int uses = body.path("uses").asInt(TokenRequest.DEFAULT_USES);
        String node = body.hasNonNull("nodeName") ? body.get("nodeName").asText() : null;
        if (ttl < 1 || ttl > MAX_TTL_SECONDS) {
            throw new IllegalArgumentException("ttlSeconds: expected 1.." + MAX_TTL_SECONDS + ", got " + ttl);
        }
        if (uses < 1 || uses > MAX_USES) {
            throw new IllegalArgumentException("uses: expected 1.." + MAX_USES + ", got " + uses);
        }
        if (node != null && !Patterns.isDns1123Subdomain(node)) {
            throw new IllegalArgumentException("nodeName: expected a DNS-1123 name");
        }
        return new TokenRequest(Duration.ofSeconds(ttl), uses, node);
    }

    private static JsonNode body(RoutingContext ctx) {
        if (ctx.body().buffer() == null || ctx.body().buffer().length() == 0) {
            return Documents.json().createObjectNode();
        }
        try {
            JsonNode node = Documents.json().readTree(ctx.body().buffer().getBytes());
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("body: expected a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException("body: expected a JSON object");
        }
    }

    private static Map<String, Object> view(IssuedToken issued) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", issued.token().id());
        view.put("token", issued.token().value());
        view.put("expiresAt", issued.expiresAt().toString());
        view.put("uses", issued.uses());
        view.put("nodeName", issued.nodeName());
        return view;
    }

    private static Map<String, Object> view(TokenInfo info) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", info.id());
        view.put("expiresAt", info.expiresAt().toString());
        view.put("usesLeft", info.usesLeft());
        view.put("nodeName", info.nodeName());
        view.put("createdBy", info.createdBy());
        view.put("revoked", info.revoked());
        return view;
    }
}
