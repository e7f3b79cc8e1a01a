package io.kubenode.controller.serve;

import io.kubenode.common.status.MetricsEndpoint;
import io.kubenode.common.cli.CommandLines;
import io.kubenode.common.cli.StopSignals;
import io.kubenode.controller.api.ApiLimits;
import io.kubenode.common.pki.Pem;
import io.kubenode.controller.api.ApiServer;
import io.kubenode.controller.api.ControllerServices;
import io.kubenode.controller.cli.admin.Durations;
import io.kubenode.controller.init.InitLayout;
import io.kubenode.controller.orchestration.loop.OrchestrationLoop;
import io.kubenode.controller.store.SqliteStore;
import io.kubenode.controller.metrics.MetricsServer;
import io.kubenode.controller.node.NodeCertificateLifetime;
import io.kubenode.controller.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

@Command(name = "serve",
        mixinStandardHelpOptions = true,
        description = "Runs the controller: the HTTPS API (client certificates from the data dir's CA) on --listen,"
                + " Prometheus metrics on --metrics-listen.",
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {"0:stopped by a signal", "1:the data dir is not initialised, or the store or port refused",
                CommandLines.EXIT_USAGE})
public final class ServeCommand implements Callable<Integer> {
    private static final System.Logger LOG = System.getLogger(ServeCommand.class.getName());
    private static final long START_TIMEOUT_SECONDS = 30;
    private static final long SNAPSHOT_INTERVAL_MILLIS = 10_000;

    private final Clock clock;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR",
            description = "The data dir made by `kubenode-controller init`.")
    Path dataDir;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:9443",
            description = "API address (default: ${DEFAULT-VALUE}; port 0 picks a free one and prints it).")
    String listen;

    @Option(names = "--metrics-listen", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:9106",
            description = "Prometheus /metrics address, plain HTTP (default: ${DEFAULT-VALUE}; port 0 picks one).")
    String metricsListen;

    @Option(names = "--request-read-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "A connection must send a complete request within this long of connecting or of its previous"
                    + " answer, else it is closed (slow clients; default: ${DEFAULT-VALUE}).")
    long requestReadTimeoutSeconds;

    @Option(names = "--tls-handshake-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "A connection must finish its TLS handshake within this long (default: ${DEFAULT-VALUE}).")
    long tlsHandshakeTimeoutSeconds;

    @Option(names = "--max-anonymous-connections", paramLabel = "N", defaultValue = "1024",
            description = "Connections without a client certificate (enrollment, health) held at once; more are "
                    + "closed. Certificate holders never count (default: ${DEFAULT-VALUE}).")
    int maxAnonymousConnections;

    @Option(names = "--max-watches-per-node", paramLabel = "N", defaultValue = "4",
            description = "Catalog long-polls one node may have waiting at once; more get 429 (default: "
                    + "${DEFAULT-VALUE}).")
    int maxWatchesPerNode;

    @Option(names = "--max-enrollments-in-flight", paramLabel = "N", defaultValue = "64",
            description = "Enrollments checked and signed at once; more get 503 (default: ${DEFAULT-VALUE}).")
    int maxEnrollmentsInFlight;

    @Option(names = "--enroll-attempts-per-minute", paramLabel = "N", defaultValue = "30",
            description = "Enrollment attempts one source (IPv4 address, IPv6 /64) may make a minute; more get 429 "
                    + "(default: ${DEFAULT-VALUE}).")
    int enrollAttemptsPerMinute;
    /** Null when not given: the default, which (unlike an explicit value) may run into the CA's end. */
    @Option(names = "--node-certificate-lifetime", paramLabel = "DURATION", converter = Durations.Converter.class,
            description = "How long the node certificates signed at enrollment and renewal are valid, e.g. 90d, 12h,"
                    + " 30m (default: 90d; at least 1m; not past the agent CA's expiry). Agents renew at 70-90 %% of"
                    + " it.")
    Duration nodeCertificateLifetime;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The operator's command: the system clock. */
    public ServeCommand() {
        this(Clock.systemUTC());
    }

    /** With the clock the controller's services decide by (a test's clock that it moves forward). */
    public ServeCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws Exception {
        InitLayout layout = new InitLayout(dataDir);
        if (!Files.isRegularFile(layout.caCertificate()) || !Files.isRegularFile(layout.serverKey())) {
            spec.commandLine().getErr().println("kubenode-controller: " + layout.dataDir()
                    + " is not initialised; run: kubenode-controller init --data-dir " + dataDir + " --san <name>");
            return CommandLines.FAILED;
        }
        Optional<String> refusal = lifetimeRefusal(layout);
        if (refusal.isPresent()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--node-certificate-lifetime: "
                    + refusal.get());
        }
        ListenAddress address = ListenAddress.parse(listen, spec.commandLine());
        ListenAddress metricsAddress = ListenAddress.parse(metricsListen, spec.commandLine());
        ApiLimits limits = limits();
        Vertx vertx = Vertx.vertx();
        try (Store store = SqliteStore.open(layout.dataDir())) {
            ControllerServices services = ControllerAssembly.assemble(layout, store, clock,
                    nodeCertificateLifetime == null ? NodeCertificateLifetime.DEFAULT : nodeCertificateLifetime);
            services.orchestrationLoop().ifPresent(OrchestrationLoop::prepareClusterPkiAhead);
            ApiServer api = new ApiServer(vertx, services, limits);
            MetricsServer metrics = new MetricsServer(vertx, services.metrics(),
                    () -> ControllerAssembly.refreshNodeMetrics(services));
            int metricsPort = await(metrics.start(metricsAddress.host(), metricsAddress.port()));
            api.controllerMetrics(new MetricsEndpoint("http", metricsAddress.host(), metricsPort));
            int port = await(api.start(new ApiServer.Tls(layout.caCertificate(), layout.serverCertificate(),
                    layout.serverKey()), address.host(), address.port()));
            long snapshots = vertx.setPeriodic(SNAPSHOT_INTERVAL_MILLIS, tick -> snapshotStatuses(vertx, services));
            spec.commandLine().getOut().println("kubenode-controller: API on " + address.host() + ":" + port);
            spec.commandLine().getOut().println("kubenode-controller: metrics on http://" + metricsAddress.host()
                    + ":" + metricsPort + "/metrics");
            spec.commandLine().getOut().flush();
            awaitStopSignal();
            vertx.cancelTimer(snapshots);
            await(api.stop());
            await(metrics.stop());
            services.orchestrationLoop().ifPresent(OrchestrationLoop::close);
            services.statuses().snapshot();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        return CommandLines.OK;
    }

    private ApiLimits limits() {
        Map<String, Long> values = new LinkedHashMap<>();
        values.put("--request-read-timeout", requestReadTimeoutSeconds);
        values.put("--tls-handshake-timeout", tlsHandshakeTimeoutSeconds);
        values.put("--max-anonymous-connections", (long) maxAnonymousConnections);
        values.put("--max-watches-per-node", (long) maxWatchesPerNode);
        values.put("--max-enrollments-in-flight", (long) maxEnrollmentsInFlight);
        values.put("--enroll-attempts-per-minute", (long) enrollAttemptsPerMinute);
        values.forEach((option, value) -> {
            if (value < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), option + ": expected at least 1, got "
                        + value);
            }
        });
        return new ApiLimits(Duration.ofSeconds(requestReadTimeoutSeconds),
                Duration.ofSeconds(tlsHandshakeTimeoutSeconds), maxAnonymousConnections, maxWatchesPerNode,
                maxEnrollmentsInFlight, enrollAttemptsPerMinute);
    }

    private Optional<String> lifetimeRefusal(InitLayout layout) throws IOException {
        if (nodeCertificateLifetime == null) {
            return Optional.empty();
        }
        Instant caNotAfter = Pem.readCertificate(Files.readString(layout.caCertificate())).getNotAfter().toInstant();
        return NodeCertificateLifetime.refusal(nodeCertificateLifetime, caNotAfter, Instant.now());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private static void snapshotStatuses(Vertx vertx, ControllerServices services) {
        vertx.executeBlocking(() -> {
            services.statuses().snapshot();
            return null;
        }).onFailure(failure -> LOG.log(System.Logger.Level.ERROR, "cannot write the node status snapshot: "
                + failure.getMessage()));
    }

    /** SIGTERM/SIGINT end the wait; the store closes after the server stopped taking requests. */
    private static void awaitStopSignal() throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        StopSignals.onStop(stop::countDown);
        stop.await();
    }
}
