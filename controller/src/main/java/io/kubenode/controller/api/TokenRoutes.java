package io.kubenode.controller.api;

import io.kubenode.controller.store.Store;
import io.kubenode.controller.store.TokenInfo;
import io.kubenode.controller.token.BootstrapTokens;
import io.kubenode.controller.token.IssuedToken;
import io.kubenode.controller.token.TokenRequest;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Admin routes for bootstrap tokens. POST answers the token ({@code id.secret}) once; nothing can show the secret
 * again, the store keeps only its hash. The body is read by {@link TokenRequestBody}.
 */
final class TokenRoutes {
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
            request = TokenRequestBody.parse(ctx.body().buffer() == null ? new byte[0]
                    : ctx.body().buffer().getBytes());
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
