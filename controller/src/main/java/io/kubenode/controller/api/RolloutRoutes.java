package io.kubenode.controller.api;

import io.kubenode.controller.rollout.RolloutControl;
import io.kubenode.controller.rollout.RolloutControl.Outcome;
import io.kubenode.controller.store.ClusterPut;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * The rollout routes (admins): {@code GET /api/v1/rollout} answers the newest revision's rollout as
 * {@link io.kubenode.controller.rollout.RolloutStatus} (404 {@code not_found} before any); {@code POST
 * /api/v1/rollout/pause|resume|undo} act on it with the caller's name and answer the rollout as it stands after. An
 * action that is not possible now is 409 {@code conflict}; an undo the store refused is 409 {@code conflict} (another
 * revision was stored meanwhile) or 422 {@code invalid} (the previous revision no longer compiles). The control's
 * work (store reads and writes, audit) runs on a worker.
 */
final class RolloutRoutes {
    private final Vertx vertx;
    private final RolloutControl control;

    RolloutRoutes(Vertx vertx, RolloutControl control) {
        this.vertx = vertx;
        this.control = control;
    }

    void get(RoutingContext ctx) {
        if (!Caller.requireAdmin(ctx)) {
            return;
        }
        vertx.executeBlocking(control::status).onSuccess(status -> {
            if (status.isEmpty()) {
                Responses.error(ctx, 404, "not_found", "no rollout yet: a revision rolls out once a stored "
                        + "cluster document changes what a node runs");
            } else {
                Responses.json(ctx, 200, status.get());
            }
        }).onFailure(ctx::fail);
    }

    void pause(RoutingContext ctx) {
        if (!Caller.requireAdmin(ctx)) {
            return;
        }
        String reason;
        try {
            reason = RolloutRequestBody.parse(Bodies.bytes(ctx), true);
        } catch (IllegalArgumentException e) {
            refuseBody(ctx, e);
            return;
        }
        String who = Caller.of(ctx).name();
        vertx.executeBlocking(() -> control.pause(who, reason)).onSuccess(outcome -> answer(ctx, outcome))
                .onFailure(ctx::fail);
    }

    void resume(RoutingContext ctx) {
        if (!Caller.requireAdmin(ctx) || !noFields(ctx)) {
            return;
        }
        String who = Caller.of(ctx).name();
        vertx.executeBlocking(() -> control.resume(who)).onSuccess(outcome -> answer(ctx, outcome))
                .onFailure(ctx::fail);
    }

    void undo(RoutingContext ctx) {
        if (!Caller.requireAdmin(ctx) || !noFields(ctx)) {
            return;
        }
        String who = Caller.of(ctx).name();
        vertx.executeBlocking(() -> control.undo(who)).onSuccess(outcome -> answer(ctx, outcome))
                .onFailure(ctx::fail);
    }

    /** Resume and undo take no field: anything else in the body is a mistake worth saying, not ignoring. */
    private static boolean noFields(RoutingContext ctx) {
        try {
            RolloutRequestBody.parse(Bodies.bytes(ctx), false);
            return true;
        } catch (IllegalArgumentException e) {
            refuseBody(ctx, e);
            return false;
        }
    }

    private static void refuseBody(RoutingContext ctx, IllegalArgumentException problem) {
        Responses.error(ctx, 400, new ApiError("bad_request", "invalid request body; nothing was changed",
                List.of(problem.getMessage())));
    }

    private static void answer(RoutingContext ctx, Outcome outcome) {
        if (outcome instanceof Outcome.Done done) {
            Responses.json(ctx, 200, done.status());
        } else if (outcome instanceof Outcome.NoRollout none) {
            Responses.error(ctx, 404, "not_found", none.message());
        } else if (outcome instanceof Outcome.Refused refused) {
            Responses.error(ctx, 409, "conflict", refused.message());
        } else if (outcome instanceof Outcome.NotStored notStored
                && notStored.result() instanceof ClusterPut.Conflict) {
            Responses.error(ctx, 409, "conflict", notStored.message());
        } else {
            Responses.error(ctx, 422, "invalid", ((Outcome.NotStored) outcome).message());
        }
    }
}
