package io.kubenode.controller.api;

import io.kubenode.common.validation.Problem;
import io.kubenode.controller.catalog.ClusterCatalogs;
import io.kubenode.controller.catalog.CompiledCluster;
import io.kubenode.controller.compiler.InvalidClusterException;
import io.kubenode.controller.orchestration.JoinedNodeChanges;
import io.kubenode.controller.orchestration.OrchestrationView;
import io.kubenode.controller.rollout.VrrpGroupChange;
import io.kubenode.controller.store.ClusterPut;
import io.kubenode.controller.store.ClusterRevision;
import io.kubenode.controller.store.Store;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Admin routes for the cluster document. PUT takes the document (YAML or JSON) as the body and the resourceVersion
 * it was based on as {@code ?resourceVersion=N}; without one it only creates. A stale version is 409, an invalid
 * document (or one that does not compile) 422 with "path: message" details, and nothing is stored in either case.
 * A stored revision's catalogs are recorded in the same transaction and then published to waiting agents. A document
 * that removes a control plane the orchestration record shows joined, or changes a joined node's role, is refused
 * with 422 {@code unsupported_change} ({@link JoinedNodeChanges}). {@code ?rollout=all-at-once} is the emergency path:
 * every node gets the revision at once, none is held for a rollout; the audit entry says so. A stored document's
 * answer lists what storing it does that no rollout can make safe ({@link VrrpGroupChange}) as {@code warnings}.
 */
final class ClusterRoutes {
    /** The one value of {@code ?rollout=}. */
    static final String ALL_AT_ONCE = "all-at-once";
    static final String STORED = "cluster document stored";
    static final String STORED_ALL_AT_ONCE = STORED + " all at once (no rollout: every node gets it now)";
    private static final System.Logger LOG = System.getLogger(ClusterRoutes.class.getName());
    private final Vertx vertx;
    private final Store store;
    private final ClusterCatalogs catalogs;
    private final OrchestrationView orchestration;

    ClusterRoutes(Vertx vertx, Store store, ClusterCatalogs catalogs, OrchestrationView orchestration) {
        this.vertx = vertx;
        this.store = store;
        this.catalogs = catalogs;
        this.orchestration = orchestration;
    }

    /**
     * A submitted document as checked: compiled (with what storing it will do that the person should know, as
     * "path: warning: message" lines), or refused with "path: message" lines and an error code.
     */
    private record Check(CompiledCluster compiled, int status, ApiError refusal, List<String> warnings) {
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
            expected = resourceVersion(ctx);
        } catch (IllegalArgumentException e) {
            Responses.error(ctx, 400, "bad_request", "resourceVersion must be a number >= 0");
            return;
        }
        Boolean allAtOnce = QueryParams.oneValue(ctx, "rollout", ALL_AT_ONCE);
        if (allAtOnce == null) {
            return;
        }
        byte[] body = Bodies.bytes(ctx);
        String who = Caller.of(ctx).name();
        // Parsing, validating and compiling up to 1 MiB of YAML takes seconds at worst: a worker's job.
        long received = System.nanoTime();
        vertx.executeBlocking(() -> check(body, allAtOnce)).onSuccess(checked -> {
            if (checked.refusal() != null) {
                Responses.error(ctx, checked.status(), checked.refusal());
                return;
            }
            CompiledCluster compiled = checked.compiled();
            String text = new String(body, StandardCharsets.UTF_8);
            long checkedAt = System.nanoTime();
            vertx.executeBlocking(() -> store(text, expected, who, compiled, allAtOnce,
                            checkedAt - received))
                    .onSuccess(result -> answerPut(ctx, result, checked.warnings()))
                    .onFailure(failure -> failedPut(ctx, failure));
        }).onFailure(ctx::fail);
    }

    /** Validates and compiles the document, then checks what it changes for joined nodes (the record: a store read). */
    private Check check(byte[] body, boolean allAtOnce) {
        ClusterCatalogs.Checked checked = catalogs.check(body);
        if (checked instanceof ClusterCatalogs.Checked.Invalid invalid) {
            return new Check(null, 422, new ApiError("invalid", "the cluster document is invalid", invalid.problems()),
                    List.of());
        }
        CompiledCluster compiled = ((ClusterCatalogs.Checked.Valid) checked).compiled();
        List<String> refusals = JoinedNodeChanges.refusals(catalogs.current(), compiled.cluster(),
                orchestration.current());
        if (!refusals.isEmpty()) {
            return new Check(null, 422, new ApiError("unsupported_change", "the cluster document changes a joined "
                    + "node in a way that is refused; nothing was stored", refusals), List.of());
        }
        List<String> warnings = VrrpGroupChange.warnings(catalogs.current().orElse(null), compiled.cluster(),
                allAtOnce).stream().map(Problem::render).toList();
        return new Check(compiled, 200, null, warnings);
    }

    /**
     * Stores the revision with its catalogs in one transaction, then publishes them to waiting agents. The log line
     * says where the time went, which is what an operator of a large fleet asks first when catalogs arrive late.
     */
    private ClusterPut store(String text, long expected, String who, CompiledCluster compiled, boolean allAtOnce,
                             long checkNanos) {
        ClusterCatalogs.Put put = catalogs.put(store, text, expected, who, allAtOnce ? STORED_ALL_AT_ONCE : STORED,
                compiled, allAtOnce);
        if (put.result() instanceof ClusterPut.Stored stored) {
            LOG.log(System.Logger.Level.INFO, String.format("cluster resourceVersion %d by %s%s: %d of %d catalogs "
                    + "changed; check %d ms, store %d ms, publish %d ms", stored.revision().resourceVersion(), who,
                    allAtOnce ? " (all at once)" : "",
                    stored.changedNodes().size(), stored.generations().size(), checkNanos / 1_000_000,
                    put.storeNanos() / 1_000_000, put.publishNanos() / 1_000_000));
        }
        return put.result();
    }

    /**
     * The orchestrator recorded a decision between the check and the store, and the document does not compile with
     * it (it would turn a control plane holding the cluster CA keys into a worker): refused like an invalid one.
     */
    private static void failedPut(RoutingContext ctx, Throwable failure) {
        if (failure instanceof InvalidClusterException invalid) {
            Responses.error(ctx, 422, new ApiError("invalid", "the cluster document is invalid",
                    invalid.errors().stream().map(Problem::render).toList()));
        } else {
            ctx.fail(failure);
        }
    }

    /**
     * {@code ?resourceVersion=N}, 0 when absent. Decoding the query throws IllegalArgumentException on a broken
     * escape ("%zz") just as parsing does on "abc"; both are the caller's mistake, not the controller's.
     */
    private static long resourceVersion(RoutingContext ctx) {
        long version = Long.parseLong(ctx.request().getParam("resourceVersion", "0"));
        if (version < 0) {
            throw new IllegalArgumentException("negative resourceVersion " + version);
        }
        return version;
    }

    private static void answerPut(RoutingContext ctx, ClusterPut result, List<String> warnings) {
        if (result instanceof ClusterPut.Stored stored) {
            Map<String, Object> nodes = new TreeMap<>();
            stored.generations().forEach(generation -> nodes.put(generation.nodeName(), Map.of(
                    "generation", generation.generation(),
                    "changed", stored.changedNodes().contains(generation.nodeName()))));
            warnings.forEach(warning -> LOG.log(System.Logger.Level.WARNING, "cluster resourceVersion "
                    + stored.revision().resourceVersion() + ": " + warning));
            Responses.json(ctx, 200, Map.of("resourceVersion", stored.revision().resourceVersion(), "nodes", nodes,
                    "warnings", warnings));
        } else {
            ClusterPut.Conflict conflict = (ClusterPut.Conflict) result;
            Responses.error(ctx, 409, "conflict", "resourceVersion " + conflict.expectedVersion()
                    + " is stale: the current one is " + conflict.currentVersion() + "; read it again");
        }
    }

    private static Map<String, Object> view(ClusterRevision revision) {
        return Map.of("resourceVersion", revision.resourceVersion(), "author", revision.author(),
                "createdAt", revision.createdAt().toString(), "document", revision.text());
    }
}
