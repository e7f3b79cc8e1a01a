package io.kubenode.controller.api;

import io.kubenode.controller.store.AuditEntry;
import io.kubenode.controller.store.Store;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/v1/audit?limit=N}: the newest audit entries, newest first (admins only). */
final class AuditRoutes {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final Vertx vertx;
    private final Store store;

    AuditRoutes(Vertx vertx, Store store) {
        this.vertx = vertx;
        this.store = store;
    }

    void list(RoutingContext ctx) {
        if (!Caller.requireAdmin(ctx)) {
            return;
        }
        Long limit = QueryParams.nonNegative(ctx, "limit", DEFAULT_LIMIT, MAX_LIMIT);
        if (limit == null) {
            return;
        }
        vertx.executeBlocking(() -> store.audit(limit.intValue()))
                .onSuccess(entries -> Responses.json(ctx, 200, Map.of("items",
                        entries.stream().map(AuditRoutes::view).toList())))
                .onFailure(ctx::fail);
    }

    private static Map<String, Object> view(AuditEntry entry) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", entry.id());
        view.put("at", entry.at().toString());
        view.put("who", entry.who());
        view.put("action", entry.action());
        view.put("object", entry.object());
        view.put("summary", entry.summary());
        return view;
    }
}
