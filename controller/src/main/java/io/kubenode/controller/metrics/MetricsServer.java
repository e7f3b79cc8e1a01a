package io.kubenode.controller.metrics;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Serves GET /metrics (Prometheus text format) over plain HTTP, like the agent's :9105: Prometheus scrapes it
 * without a client certificate and it carries no secret. {@code beforeScrape} refreshes the per-node gauges.
 */
public final class MetricsServer {
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Vertx vertx;
    private final ControllerMetrics metrics;
    private final Runnable beforeScrape;
    private HttpServer server;

    public MetricsServer(Vertx vertx, ControllerMetrics metrics, Runnable beforeScrape) {
        this.vertx = vertx;
        this.metrics = metrics;
        this.beforeScrape = beforeScrape;
    }

    /** Listens; the future carries the bound port. */
    public Future<Integer> start(String host, int port) {
        return vertx.createHttpServer().requestHandler(this::handle).listen(port, host).map(listening -> {
            server = listening;
            return listening.actualPort();
        });
    }

    public Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void handle(HttpServerRequest request) {
        if (!"/metrics".equals(request.path())) {
            request.response().setStatusCode(404).putHeader("Content-Type", "text/plain").end("not found\n");
        } else if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            request.response().setStatusCode(405).putHeader("Allow", "GET, HEAD").end();
        } else {
            // Scraping renders a few hundred lines per node; keep it off the event loop.
            vertx.executeBlocking(() -> {
                beforeScrape.run();
                return metrics.scrape();
            }).onSuccess(text -> request.response().putHeader("Content-Type", CONTENT_TYPE).end(text))
                    .onFailure(failure -> request.response().setStatusCode(500).end());
        }
    }
}
