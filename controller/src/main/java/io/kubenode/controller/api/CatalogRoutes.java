package io.kubenode.controller.api;

import io.kubenode.common.pki.Identity;
import io.kubenode.controller.catalog.CatalogWatches;
import io.kubenode.controller.catalog.PublishedCatalog;
import io.kubenode.controller.node.NodeContacts;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code GET /api/v1/nodes/{name}/catalog?after=G&wait=S}: the node's catalog as soon as its generation is past G,
 * or 304 after S seconds without one. Waiting costs no thread: the request is parked in {@link CatalogWatches} with
 * a timer, and whichever of publish and timer comes first answers it. A catalog published to a parked request is
 * sent only if the caller's certificate was not revoked and did not expire while it waited (401
 * certificate_revoked or certificate_expired otherwise). At most {@code maxWatchesPerNode} requests wait for one
 * node at once; more are answered 429 too_many_watches.
 */
final class CatalogRoutes {
    static final int MAX_WAIT_SECONDS = (int) NodeContacts.LONGEST_WATCH_WAIT.toSeconds();
    static final String GENERATION_HEADER = "X-Kubenode-Generation";

    private final Vertx vertx;
    private final CatalogWatches watches;
    private final NodeContacts contacts;
    private final Caller caller;
    private final int maxWatchesPerNode;

    CatalogRoutes(Vertx vertx, CatalogWatches watches, NodeContacts contacts, Caller caller, int maxWatchesPerNode) {
        this.vertx = vertx;
        this.watches = watches;
        this.contacts = contacts;
        this.caller = caller;
        this.maxWatchesPerNode = maxWatchesPerNode;
    }

    void watch(RoutingContext ctx) {
        String node = ctx.pathParam("name");
        if (!Caller.requireNodeOrAdmin(ctx, node)) {
            return;
        }
        Long after = QueryParams.nonNegative(ctx, "after", 0, Long.MAX_VALUE);
        Long wait = after == null ? null : QueryParams.nonNegative(ctx, "wait", 0, MAX_WAIT_SECONDS);
        if (wait == null) {
            return;
        }
        if (Caller.of(ctx).role() == Identity.Role.NODE) {
            // the node's own watch: it will ask again within the wait (an admin's read says nothing about the node)
            contacts.seen(node, Duration.ofSeconds(wait));
        }
        if (wait == 0) {
            Optional<PublishedCatalog> newer = watches.current(node).filter(catalog -> catalog.generation() > after);
            if (newer.isPresent()) {
                send(ctx, newer.get());
            } else {
                ctx.response().setStatusCode(304).end();
            }
            return;
        }
        Context context = vertx.getOrCreateContext();
        CatalogWatches.Wait pending = watches.await(node, after, maxWatchesPerNode,
                catalog -> context.runOnContext(ignored -> sendAfterWaiting(ctx, catalog)));
        if (pending.full()) {
            Responses.error(ctx, 429, "too_many_watches", "node " + node + " has " + maxWatchesPerNode
                    + " catalog watches waiting already (an agent needs one); close one or retry with wait=0");
            return;
        }
        if (pending.ready().isPresent()) {
            send(ctx, pending.ready().get());
            return;
        }
        CatalogWatches.Waiter waiter = pending.waiter();
        long timer = vertx.setTimer(wait * 1000, fired -> notModified(ctx, waiter));
        ctx.response().closeHandler(closed -> {
            vertx.cancelTimer(timer);
            watches.cancel(waiter);
        });
        ctx.addEndHandler(ended -> vertx.cancelTimer(timer));
    }

    private void notModified(RoutingContext ctx, CatalogWatches.Waiter waiter) {
        if (watches.cancel(waiter) && !ctx.response().ended() && !ctx.response().closed()) {
            ctx.response().setStatusCode(304).end();
        }
    }

    private void sendAfterWaiting(RoutingContext ctx, PublishedCatalog catalog) {
        // A revocation or the certificate's expiry may have come while the request waited; send() skips a response
        // already ended or closed.
        if (!ctx.response().closed() && caller.stillValid(ctx)) {
            send(ctx, catalog);
        }
    }

    private static void send(RoutingContext ctx, PublishedCatalog catalog) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                .putHeader(GENERATION_HEADER, Long.toString(catalog.generation())).end(catalog.body());
    }
}
