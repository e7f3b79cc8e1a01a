package io.kubenode.agent.bench;

import io.kubenode.agent.daemon.AgentDaemon;
import io.kubenode.agent.daemon.CatalogFileSource;
import io.kubenode.agent.daemon.PassSchedule;
import io.kubenode.agent.engine.Engine;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.host.sandbox.SandboxHost;
import io.kubenode.agent.host.sandbox.Simulations;
import io.kubenode.agent.metrics.AgentMetrics;
import io.kubenode.agent.policy.AgentPolicy;
import io.kubenode.agent.resource.HandlerContext;
import io.kubenode.agent.resource.Handlers;
import io.kubenode.agent.state.StateDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Benchmark (not a test): the daemon's no-op pass over the seed's node1 catalog, everything in sync, on a sandbox
 * root, through the daemon's own pass code. Also times the real processes a no-op pass on a real node adds and the
 * sandbox simulates: one batched package query and one `systemctl show` per service.
 *
 * <p>Run: {@code deploy/bench.sh agent-noop}
 */
public final class NoOpPassBenchmark {
    private static final int WARMUP = 200;
    private static final int MEASURED = 500;

    private NoOpPassBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path catalog = Path.of(args[0]);
        Path root = Files.createTempDirectory("kubenode-bench");
        try {
            SandboxHost host = new SandboxHost(root, Simulations.all());
            AgentDaemon daemon = new AgentDaemon(
                    family -> new Engine(Handlers.registry(new HandlerContext(family, StateDir.DEFAULT,
                            Clock.systemUTC())), AgentPolicy.defaults(), Clock.systemUTC()),
                    host, LocalHost.machine(), new StateDir(host, StateDir.DEFAULT),
                    new CatalogFileSource(LocalHost.machine(), catalog.toAbsolutePath().toString()), new AgentMetrics(),
                    PassSchedule.DEFAULT, Clock.systemUTC(), new SplittableRandom(1));
            Report first = daemon.passOnce().orElseThrow();
            Report second = daemon.passOnce().orElseThrow();
            if (!second.converged()) {
                throw new IllegalStateException("node1 did not converge in the sandbox: " + second.resources());
            }
            for (int i = 0; i < WARMUP; i++) {
                daemon.passOnce();
            }
            double[] millis = new double[MEASURED];
            for (int i = 0; i < MEASURED; i++) {
                long start = System.nanoTime();
                Report report = daemon.passOnce().orElseThrow();
                millis[i] = (System.nanoTime() - start) / 1e6;
                if (!report.changes().isEmpty()) {
                    throw new IllegalStateException("a no-op pass changed something: " + report.changes());
                }
            }
            Arrays.sort(millis);
            System.out.printf(Locale.ROOT, "node1 catalog: %d resources; first pass %d ms (%d changes)%n",
                    second.resources().size(), first.durationMillis(), first.changes().size());
            System.out.printf(Locale.ROOT, "no-op pass in the daemon (sandbox, %d passes after %d warm-up): "
                            + "median %.2f ms, p90 %.2f ms, max %.2f ms%n", MEASURED, WARMUP, percentile(millis, 50),
                    percentile(millis, 90), millis[millis.length - 1]);
            timeRealProcesses(host);
        } finally {
            deleteTree(root);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** What the sandbox does not run: the processes a real no-op pass starts. */
    private static void timeRealProcesses(SandboxHost sandbox) throws Exception {
        LocalHost machine = LocalHost.machine();
        List<String> query = List.of("dpkg-query", "-W", "-f", "${Package} ${Version}\\n", "bash", "coreutils",
                "curl", "iptables", "sudo", "gnupg");
        double[] millis = new double[50];
        for (int i = 0; i < millis.length; i++) {
            long start = System.nanoTime();
            machine.run(query, java.time.Duration.ofSeconds(10));
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        double[] trivial = new double[50];
        for (int i = 0; i < trivial.length; i++) {
            long start = System.nanoTime();
            machine.run(List.of("true"), java.time.Duration.ofSeconds(10));
            trivial[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(trivial);
        System.out.printf(Locale.ROOT, "real batched package query (dpkg-query, 6 packages): median %.2f ms; "
                + "starting a trivial process: median %.2f ms%n", percentile(millis, 50), percentile(trivial, 50));
        System.out.printf(Locale.ROOT, "a real node1 no-op pass adds what the sandbox simulates: one batched "
                + "`systemctl show` (>= one process start) and, only when the package database changed since the "
                + "last pass, one batched package query%n");
    }

    private static double percentile(double[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
