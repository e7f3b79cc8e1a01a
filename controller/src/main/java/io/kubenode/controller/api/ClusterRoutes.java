package io.kubenode.controller.api;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.document.DocumentReader;
import io.kubenode.common.document.ReadResult;
import io.kubenode.common.validation.ClusterValidator;
import io.kubenode.common.validation.Problem;
import io.kubenode.common.validation.ValidationResult;
import io.kubenode.controller.store.ClusterPut;
import io.kubenode.controller.store.ClusterRevision;
import io.kubenode.controller.store.Store;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Admin routes for the cluster document. PUT takes the document (YAML or JSON) as the body and the resourceVersion
 * it was based on as {@code ?resourceVersion=N}; without one it only creates. A stale version is 409, an invalid
 * document 422 with "path: message" details, and nothing is stored in either case.
 */
final class ClusterRoutes {
    private final Vertx vertx;
    private final Store store;

    ClusterRoutes(Vertx vertx, Store store) {
        this.vertx = vertx;
        this.store = store;
    }

    void get(RoutingContext ctx) {
        if (!Caller.requireAdmin(ctx)) {
            return;
        }
        vertx.executeBlocking(store::currentCluster).onSuccess(current -> {
            if (current.isEmpty()) {
                Responses.error(ctx, 404, "not_found", "no cluster document yet: PUT one");
            } else {
                Responses.json(ctx, 200, view(current.get()));
            }
        }).onFailure(ctx::fail);
    }

    void history(RoutingContext ctx) {
        if (!Caller.requireAdmin(ctx)) {
            return;
        }
        vertx.executeBlocking(store::clusterHistory)
                .onSuccess(revisions -> Responses.json(ctx, 200, revisions.stream().map(ClusterRoutes::view).toList()))
                .onFailure(ctx::fail);
    }

    void put(RoutingContext ctx) {
        if (!Caller.requireAdmin(ctx)) {
            return;
        }
        long expected;
        try {
            expected = Long.parseLong(ctx.request().getParam("resourceVersion", "0"));
        } catch (NumberFormatException e) {
            Responses.error(ctx, 400, "bad_request", "resourceVersion must be a number");
            return;
        }
        byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        String who = Caller.of(ctx).name();
        // Parsing and validating up to 1 MiB of YAML takes seconds at worst: a worker's job, like the store's.
        vertx.executeBlocking(() -> problems(body)).onSuccess(problems -> {
            if (!problems.isEmpty()) {
                Responses.error(ctx, 422, new ApiError("invalid", "the cluster document is invalid", problems));
                return;
            }
            String text = new String(body, StandardCharsets.UTF_8);
            vertx.executeBlocking(() -> store.putCluster(text, expected, who, "cluster document stored"))
                    .onSuccess(result -> answerPut(ctx, result)).onFailure(ctx::fail);
        }).onFailure(ctx::fail);
    }

    private static void answerPut(RoutingContext ctx, ClusterPut result) {
        if (result instanceof ClusterPut.Stored stored) {
            Responses.json(ctx, 200, Map.of("resourceVersion", stored.revision().resourceVersion()));
        } else {
            ClusterPut.Conflict conflict = (ClusterPut.Conflict) result;
            Responses.error(ctx, 409, "conflict", "resourceVersion " + conflict.expectedVersion()
                    + " is stale: the current one is " + conflict.currentVersion() + "; read it again");
        }
    }

    /** Read and validation problems as "path: message" lines; empty when the document may be stored. */
    private static List<String> problems(byte[] body) {
        ReadResult<Cluster> read = DocumentReader.read(body, Cluster.class);
        if (read instanceof ReadResult.Unreadable<Cluster> unreadable) {
            return unreadable.problems().stream().map(Problem::render).toList();
        }
        ValidationResult result = ClusterValidator.validate(((ReadResult.Read<Cluster>) read).value());
        return result.errors().stream().map(Problem::render).toList();
    }

    private static Map<String, Object> view(ClusterRevision revision) {
        return Map.of("resourceVersion", revision.resourceVersion(), "author", revision.author(),
                "createdAt", revision.createdAt().toString(), "document", revision.text());
    }
}
