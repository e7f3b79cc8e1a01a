package io.kubenode.controller.api;

import io.kubenode.controller.store.Store;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Unauthenticated liveness and readiness, for load balancers and systemd watchdogs: no data in the answers.
 * Readiness is the outcome of the latest store probe, at most one per {@link #PROBE_INTERVAL_NANOS} and one at a
 * time, so that anonymous callers cannot queue store reads ahead of enrollment, renewal and admin requests.
 */
final class HealthRoutes {
    static final long PROBE_INTERVAL_NANOS = 1_000_000_000L;

    private final Vertx vertx;
    private final Store store;
    private final AtomicLong probedAt = new AtomicLong(System.nanoTime() - 2 * PROBE_INTERVAL_NANOS);
    /** The probe under way; null when none is. */
    private Future<Boolean> running;
    /** Null until the first probe ended. */
    private volatile Boolean ready;

    HealthRoutes(Vertx vertx, Store store) {
        this.vertx = vertx;
        this.store = store;
    }

    void healthz(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "text/plain").end("ok\n");
    }

    /**
     * Ready when the store answered the latest probe. A stale answer starts a probe; callers arriving while it runs
     * wait for it rather than starting their own.
     */
    void readyz(RoutingContext ctx) {
        Boolean known = ready;
        if (known != null && System.nanoTime() - probedAt.get() <= PROBE_INTERVAL_NANOS) {
            answer(ctx, known);
            return;
        }
        Context context = vertx.getOrCreateContext();
        probe().onComplete(done -> context.runOnContext(ignored -> answer(ctx, done.result())));
    }

    /** The probe under way, or a new one. */
    private synchronized Future<Boolean> probe() {
        Future<Boolean> probe = running;
        if (probe == null) {
            Future<Boolean> started = vertx.executeBlocking(this::readStore, false).map(true).otherwise(false);
            running = started;
            // may run at once if the probe is already done; then it clears running itself
            started.onComplete(done -> finished(started, done.result()));
            probe = started;
        }
        return probe;
    }

    private synchronized void finished(Future<Boolean> probe, boolean isReady) {
        ready = isReady;
        probedAt.set(System.nanoTime());
        if (running == probe) {
            running = null;
        }
    }

    /** One indexed read: the store is open, its lock comes free and its file reads. */
    private Object readStore() {
        return store.nodeGeneration("");
    }

    private static void answer(RoutingContext ctx, boolean isReady) {
        ctx.response().setStatusCode(isReady ? 200 : 503).putHeader("Content-Type", "text/plain")
                .end(isReady ? "ok\n" : "store not ready\n");
    }
}
