package io.kubenode.agent.cli;

import io.kubenode.agent.config.ControllerSettings;
import io.kubenode.agent.daemon.AgentDaemon;
import io.kubenode.agent.daemon.CatalogFileSource;
import io.kubenode.agent.daemon.CatalogSource;
import io.kubenode.agent.daemon.PassListener;
import io.kubenode.agent.daemon.PassSchedule;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.HostLock;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.metrics.AgentMetrics;
import io.kubenode.agent.metrics.MetricsServer;
import io.kubenode.agent.state.StateDir;
import io.kubenode.common.cli.CommandLines;
import io.kubenode.common.cli.StopSignals;
import io.kubenode.common.status.MetricsEndpoint;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.random.RandomGenerator;

@Command(name = "run",
        mixinStandardHelpOptions = true,
        description = {"The daemon: enforces the catalog on a jittered interval and at once when the catalog or a "
                + "managed file changes; serves metrics. The catalog comes from the controller this node enrolled "
                + "with (or agent.yaml's controller), which also gets its status and renews its certificate; with "
                + "--catalog FILE from that file instead, without any controller. With neither answering it enforces "
                + "the cached catalog."},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {"0:stopped by a signal", "1:refused config, unusable node key or certificate, or another run "
                + "holds the lock",
                CommandLines.EXIT_USAGE})
final class RunCommand implements Callable<Integer> {

    @Option(names = "--catalog", paramLabel = "FILE",
            description = "The node's catalog file; without it, the controller's (after kubenode-agent enroll).")
    String catalogPath;

    @Option(names = "--interval", paramLabel = "SECONDS",
            description = "Seconds between passes (default: intervalSeconds of the config, else 60).")
    Integer intervalSeconds;

    @Option(names = "--metrics-listen", paramLabel = "HOST:PORT",
            description = "Metrics address (default: metricsAddress of the config, else 0.0.0.0:9105; port 0 picks one).")
    String metricsListen;

    @Mixin
    HostOptions hostOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws HostException, IOException {
        Host host = hostOptions.host(spec.commandLine());
        StateDir state = hostOptions.state(host);
        Optional<HostLock> lock = hostOptions.lock(state, spec.commandLine());
        if (lock.isEmpty()) {
            return CommandLines.FAILED;
        }
        AgentMetrics metrics = new AgentMetrics();
        int interval = intervalSeconds != null ? intervalSeconds : hostOptions.config().intervalSecondsOrDefault();
        InetSocketAddress metricsAddress = address();
        try (HostLock held = lock.get();
             MetricsServer server = new MetricsServer(metricsAddress, metrics);
             Source source = source(host, state, metrics, new MetricsEndpoint("http",
                     metricsAddress.getHostString(), server.port()))) {
            spec.commandLine().getOut().println("kubenode-agent: metrics on port " + server.port() + "; "
                    + source.describe()
                    + (host.sandbox() ? "; SANDBOX: commands are simulated under " + hostOptions.root : ""));
            spec.commandLine().getOut().flush();
            AgentDaemon daemon = new AgentDaemon(hostOptions::engine, host, LocalHost.machine(), state,
                    source.catalogs(), metrics,
                    new PassSchedule(Duration.ofSeconds(interval), PassSchedule.DEFAULT.jitter(),
                            PassSchedule.DEFAULT.minBackoff()), Clock.systemUTC(), RandomGenerator.getDefault(),
                    source.listener());
            Thread.currentThread().setName("kubenode-agent");
            // SIGTERM (systemctl stop, KillMode=mixed) lets the resource in hand finish; only then does run return
            StopSignals.onStop(daemon::stop);
            source.start();
            daemon.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return CommandLines.OK;
    }

    /** The catalog file (--catalog), or the controller connection; a usage error when there is neither. */
    private Source source(Host host, StateDir state, AgentMetrics metrics, MetricsEndpoint metricsEndpoint)
            throws HostException {
        if (catalogPath != null) {
            String path = CatalogOption.absolute(catalogPath);
            return new Source(new CatalogFileSource(LocalHost.machine(), path), PassListener.NONE, null,
                    "catalog from " + path);
        }
        Optional<ControllerSettings> settings = ControllerSettings.resolve(hostOptions.config(),
                state.loadEnrollment());
        if (settings.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no catalog source: enroll this node "
                    + "(kubenode-agent enroll --controller URL ...), set controller.url in agent.yaml, or pass "
                    + "--catalog FILE");
        }
        ControllerConnection connection = ControllerConnection.open(settings.get(), state, host,
                LocalHost.machine(), metrics, metricsEndpoint);
        return new Source(connection.source(), connection.listener(), connection, "catalog from the controller "
                + settings.get().url() + " as node " + settings.get().nodeName());
    }

    /** What the daemon reads catalogs from and tells about passes; closing it stops the controller threads. */
    private record Source(CatalogSource catalogs, PassListener listener, ControllerConnection connection,
                          String describe) implements AutoCloseable {
        void start() {
            if (connection != null) {
                connection.start();
            }
        }

        @Override
        public void close() {
            if (connection != null) {
                connection.close();
            }
        }
    }

    private InetSocketAddress address() {
        String address = metricsListen != null ? metricsListen : hostOptions.config().metricsAddressOrDefault();
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "expected HOST:PORT, got " + address);
        }
        String hostName = address.substring(0, colon);
        return new InetSocketAddress(hostName.isEmpty() ? "0.0.0.0" : hostName,
                Integer.parseInt(address.substring(colon + 1)));
    }
}
