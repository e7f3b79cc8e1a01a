package io.kubenode.controller.api;

import io.kubenode.common.status.MetricsEndpoint;
import io.kubenode.controller.departure.NodeForgetting;
import io.kubenode.controller.orchestration.loop.OrchestrationLoop;
import io.kubenode.controller.kubeconfig.AdminKubeconfigs;
import io.kubenode.controller.metrics.ControllerMetrics;
import io.kubenode.controller.store.Store;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The controller's HTTPS API. Only wiring: TLS (a client certificate is requested on every connection and must
 * chain to the agent CA; it is required by every /api route but enrollment), the body limit, and one named handler
 * per route. Health routes answer without a certificate. {@link ApiLimits} bound what clients without a certificate
 * and slow clients can hold ({@link ConnectionGuards}: read timeout, anonymous-connection cap). One server instance
 * per core, each on its own event loop and sharing the port: TLS and the catalog bodies sent to a fleet are the
 * API's heaviest work.
 */
public final class ApiServer {
    /** Bodies above this are refused with 413 before any handler reads them. */
    public static final long MAX_BODY_BYTES = 1024 * 1024;

    private final Vertx vertx;
    private final ControllerServices services;
    private final Failures failures;
    private final HealthRoutes health;
    private final ClusterRoutes cluster;
    private final TokenRoutes tokenRoutes;
    private final EnrollRoutes enroll;
    private final CatalogRoutes catalog;
    private final NodeRoutes node;
    private final NodeAdminRoutes nodeAdmin;
    private final AuditRoutes audit;
    private final CertificateRoutes certificates;
    private final OrchestrationRoutes orchestration;
    private final KubeconfigRoutes kubeconfig;
    private final RolloutRoutes rollout;
    private final MonitoringRoutes monitoring;
    private final Caller caller;
    private final ApiLimits limits;
    /** Connections without a client certificate, over every server instance. */
    private final AtomicInteger anonymousConnections = new AtomicInteger();
    private final List<String> deployments = new ArrayList<>();

    public ApiServer(Vertx vertx, ControllerServices services) {
        this(vertx, services, ApiLimits.DEFAULTS);
    }

    public ApiServer(Vertx vertx, ControllerServices services, ApiLimits limits) {
        this.vertx = vertx;
        this.services = services;
        this.limits = limits;
        this.failures = new Failures(vertx);
        Store store = services.store();
        health = new HealthRoutes(vertx, store);
        cluster = new ClusterRoutes(vertx, store, services.catalogs(), services.orchestration());
        tokenRoutes = new TokenRoutes(vertx, store, services.tokens());
        enroll = new EnrollRoutes(vertx, services.tokens(), services.issuer(), new EnrollLimiter(Clock.systemUTC(),
                limits.enrollAttemptsPerMinute(), EnrollLimiter.MAX_SOURCES),
                new EnrollmentNames(store, services.catalogs(), Clock.systemUTC()), limits.maxEnrollmentsInFlight(),
                services.metrics());
        caller = new Caller(services.revocations(), Clock.systemUTC());
        catalog = new CatalogRoutes(vertx, services.catalogs().watches(), services.statuses().contacts(), caller,
                limits.maxWatchesPerNode());
        node = new NodeRoutes(vertx, services.statuses(), services.issuer(),
                new RenewalLimiter(Clock.systemUTC(), services.issuer().validity()), services.metrics());
        nodeAdmin = new NodeAdminRoutes(vertx, store, services.catalogs(), services.statuses(),
                services.revocations(), services.orchestration(), new NodeForgetting(services.catalogs(), store,
                services.revocations(), () -> services.orchestrationLoop().ifPresent(OrchestrationLoop::request)));
        audit = new AuditRoutes(vertx, store);
        certificates = new CertificateRoutes(vertx, store, services.revocations());
        orchestration = new OrchestrationRoutes(vertx, services.orchestration(), Clock.systemUTC());
        kubeconfig = new KubeconfigRoutes(vertx, new AdminKubeconfigs(services.catalogs()::current,
                services.clusterPki(), store));
        rollout = new RolloutRoutes(vertx, services.rollouts());
        monitoring = new MonitoringRoutes(vertx, store, services.catalogs(), services.statuses(), Clock.systemUTC());
    }

    /** Lists the controller's own metrics endpoint in Prometheus's service discovery (once it listens). */
    public void controllerMetrics(MetricsEndpoint endpoint) {
        monitoring.controllerMetrics(endpoint);
    }

    /** The certificate files of a data dir's pki/ directory. */
    public record Tls(Path caCertificate, Path serverCertificate, Path serverKey) {
    }

    /** Listens; the future carries the bound port (useful with port 0). */
    public Future<Integer> start(Tls tls, String host, int port) {
        // The chain (server certificate, then the CA) lets an enrolling agent pinned to the CA's hash find the CA.
        HttpServerOptions options = new HttpServerOptions().setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertValue(chain(tls))
                        .setKeyPath(tls.serverKey().toString()))
                .setTrustOptions(new PemTrustOptions().addCertPath(tls.caCertificate().toString()))
                .setClientAuth(ClientAuth.REQUEST)
                .setSslHandshakeTimeout(limits.tlsHandshakeTimeout().toMillis())
                .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
        int instances = Runtime.getRuntime().availableProcessors();
        // The instances of one deployment share a port, but each would pick its own for port 0: pick one for all
        // (another process may take it meanwhile; then the bind fails loudly and serve exits).
        return deploy(options, host, port == 0 ? freePort(host) : port, instances);
    }

    public Future<Void> stop() {
        List<String> ids;
        synchronized (deployments) {
            ids = List.copyOf(deployments);
            deployments.clear();
        }
        return Future.all(ids.stream().map(vertx::undeploy).toList()).mapEmpty();
    }

    /** {@code instances} verticles, each serving on an event loop of its own; the future carries the port. */
    private Future<Integer> deploy(HttpServerOptions options, String host, int port, int instances) {
        Set<Integer> ports = ConcurrentHashMap.newKeySet();
        return vertx.deployVerticle(() -> new ServerInstance(options, host, port, ports),
                new DeploymentOptions().setInstances(instances)).map(id -> {
                    synchronized (deployments) {
                        deployments.add(id);
                    }
                    if (ports.size() != 1) {
                        throw new IllegalStateException("the API's server instances listen on " + ports);
                    }
                    return ports.iterator().next();
                });
    }

    private static int freePort(String host) {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + host, e);
        }
    }

    /** One HTTPS server on its verticle's event loop; undeploying it closes the server. */
    private final class ServerInstance extends VerticleBase {
        private final HttpServerOptions options;
        private final String host;
        private final int port;
        private final Set<Integer> ports;
        private ConnectionGuards guards;
        private Router router;

        ServerInstance(HttpServerOptions options, String host, int port, Set<Integer> ports) {
            this.options = options;
            this.host = host;
            this.port = port;
            this.ports = ports;
        }

        @Override
        public Future<?> start() {
            guards = new ConnectionGuards(vertx, limits, anonymousConnections);
            router = router();
            return vertx.createHttpServer(options).connectionHandler(guards::connected).requestHandler(this::serve)
                    .invalidRequestHandler(failures::invalidRequest).listen(port, host)
                    .onSuccess(server -> ports.add(server.actualPort()));
        }

        private void serve(HttpServerRequest request) {
            if (guards.requestStarted(request)) {
                router.handle(request);
            }
        }
    }

    private static Buffer chain(Tls tls) {
        try {
            return Buffer.buffer(Files.readString(tls.serverCertificate()).strip() + "\n"
                    + Files.readString(tls.caCertificate()).strip() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the server certificate chain", e);
        }
    }

    private Router router() {
        Router router = Router.router(vertx);
        router.route().handler(this::countRequest);
        router.get("/healthz").handler(health::healthz);
        router.get("/readyz").handler(health::readyz);
        router.route("/api/*").handler(MediaTypes::refuseForms);
        // Before authentication: the bootstrap token is what an enrolling node has instead of a certificate.
        router.post("/api/v1/enroll").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
                .handler(enroll::enroll);
        router.route("/api/*").handler(caller::authenticate);
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        router.get("/api/v1/cluster").handler(cluster::get);
        router.put("/api/v1/cluster").handler(cluster::put);
        router.get("/api/v1/cluster/history").handler(cluster::history);
        router.post("/api/v1/tokens").handler(tokenRoutes::create);
        router.get("/api/v1/tokens").handler(tokenRoutes::list);
        router.delete("/api/v1/tokens/:id").handler(tokenRoutes::revoke);
        router.get("/api/v1/nodes").handler(nodeAdmin::list);
        router.get("/api/v1/nodes/:name").handler(nodeAdmin::get);
        router.post("/api/v1/nodes/:name/revoke").handler(nodeAdmin::revoke);
        router.post("/api/v1/nodes/:name/forget").handler(nodeAdmin::forget);
        router.get("/api/v1/nodes/:name/catalog").handler(catalog::watch);
        router.put("/api/v1/nodes/:name/status").handler(node::putStatus);
        router.post("/api/v1/nodes/:name/certificate").handler(node::renew);
        router.get("/api/v1/audit").handler(audit::list);
        router.get("/api/v1/certificates").handler(certificates::list);
        router.post("/api/v1/certificates/:serial/revoke").handler(certificates::revoke);
        router.get("/api/v1/orchestration").handler(orchestration::get);
        router.post("/api/v1/kubeconfig").handler(kubeconfig::create);
        router.get("/api/v1/rollout").handler(rollout::get);
        router.post("/api/v1/rollout/pause").handler(rollout::pause);
        router.post("/api/v1/rollout/resume").handler(rollout::resume);
        router.post("/api/v1/rollout/undo").handler(rollout::undo);
        router.get("/api/v1/monitoring/targets").handler(monitoring::targets);
        router.route().last().handler(Failures::notFound);
        router.errorHandler(400, Failures::malformed);
        // No route matches a request without a path (CONNECT host:port), not even the last one.
        router.errorHandler(404, Failures::notFound);
        router.errorHandler(413, Failures::tooLarge);
        router.errorHandler(500, Failures::internalError);
        return router;
    }

    private void countRequest(RoutingContext ctx) {
        long started = System.nanoTime();
        String method = ControllerMetrics.methodLabel(ctx.request().method().name());
        String route = RouteTemplates.of(ctx.request().path());
        ctx.addEndHandler(ended -> services.metrics().request(method, route, ctx.response().getStatusCode(),
                System.nanoTime() - started));
        ctx.next();
    }
}
