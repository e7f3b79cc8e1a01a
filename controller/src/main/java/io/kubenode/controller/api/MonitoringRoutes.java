package io.kubenode.controller.api;

import io.kubenode.common.status.MetricsEndpoint;
import io.kubenode.controller.catalog.ClusterCatalogs;
import io.kubenode.controller.monitoring.ScrapeTargets;
import io.kubenode.controller.node.NodeStatuses;
import io.kubenode.controller.store.Store;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;

/**
 * {@code GET /api/v1/monitoring/targets}: Prometheus's HTTP service discovery ({@link ScrapeTargets}), for the
 * monitoring role ({@code O=kubenode:monitoring}, which may read nothing else) and admins. Prometheus asks again every
 * refresh interval, so a node enrolled meanwhile is scraped and a revoked one is dropped without touching its config.
 */
final class MonitoringRoutes {
    private final Vertx vertx;
    private final Store store;
    private final ClusterCatalogs catalogs;
    private final NodeStatuses statuses;
    private final Clock clock;
    /** Where the controller's own metrics listen, once its metrics server is up; null: not listed. */
    private volatile MetricsEndpoint controllerMetrics;

    MonitoringRoutes(Vertx vertx, Store store, ClusterCatalogs catalogs, NodeStatuses statuses, Clock clock) {
        this.vertx = vertx;
        this.store = store;
        this.catalogs = catalogs;
        this.statuses = statuses;
        this.clock = clock;
    }

    void controllerMetrics(MetricsEndpoint endpoint) {
        controllerMetrics = endpoint;
    }

    void targets(RoutingContext ctx) {
        if (!Caller.requireMonitoring(ctx)) {
            return;
        }
        String host = ctx.request().getHeader("Host");
        MetricsEndpoint controller = host == null ? null : controllerMetrics;
        vertx.executeBlocking(store::issuedCertificates)
                .onSuccess(issued -> Responses.json(ctx, 200, ScrapeTargets.of(catalogs.current(), statuses.all(),
                        issued, controller, host == null ? "" : host, clock.instant())))
                .onFailure(ctx::fail);
    }
}
