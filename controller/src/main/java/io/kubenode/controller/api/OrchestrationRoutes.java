package io.kubenode.controller.api;

import io.kubenode.controller.orchestration.OrchestrationView;
import io.kubenode.controller.orchestration.view.OrchestrationStatus;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;

/**
 * {@code GET /api/v1/orchestration} (admins): the bring-up's phase, message, per-phase times and every node's step,
 * as {@link OrchestrationStatus}; 404 {@code not_found} before the orchestrator's first decision. No secret in it.
 */
final class OrchestrationRoutes {
    private final Vertx vertx;
    private final OrchestrationView view;
    private final Clock clock;

    OrchestrationRoutes(Vertx vertx, OrchestrationView view, Clock clock) {
        this.vertx = vertx;
        this.view = view;
        this.clock = clock;
    }

    void get(RoutingContext ctx) {
        if (!Caller.requireAdmin(ctx)) {
            return;
        }
        vertx.executeBlocking(view::current).onSuccess(record -> {
            if (record.isEmpty()) {
                Responses.error(ctx, 404, "not_found", "no orchestration yet: the orchestrator has not decided "
                        + "anything (store a cluster document with 'kubenodectl apply -f FILE')");
            } else {
                Responses.json(ctx, 200, OrchestrationStatus.of(record.get(), clock.instant()));
            }
        }).onFailure(ctx::fail);
    }
}
