package io.kubenode.agent.daemon;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.metrics.AgentMetrics;
import io.kubenode.agent.state.CatalogLoader;
import io.kubenode.agent.state.StateDir;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.ManagedBlockSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.catalog.SysctlSpec;
import io.kubenode.common.document.Documents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The daemon on a sandbox root: drift corrected at once on a file change, on the interval otherwise. */
class AgentDaemonTest {
    @TempDir
    Path dir;

    private Thread thread;
    private AgentMetrics metrics;

    @AfterEach
    void stop() throws InterruptedException {
        if (thread != null) {
            thread.interrupt();
            thread.join(10_000);
        }
    }

    @Test
    void aManagedFileChangedBehindItsBackIsCorrectedAtOnceAndCountedAsDrift() throws Exception {
        Path root = dir.resolve("root");
        Path haproxy = root.resolve("etc/haproxy/haproxy.cfg");
        start(root, Duration.ofMinutes(10), catalog("frontend a\n"));
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(haproxy));
        await().atMost(Duration.ofSeconds(20)).until(() -> metrics.scrape().contains("kubenode_agent_converged 1"));

        Files.writeString(haproxy, "edited by hand\n");

        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(haproxy).equals("frontend a\n"));
        await().atMost(Duration.ofSeconds(10)).until(() -> metrics.scrape()
                .contains("kubenode_agent_drift_corrections_total{type=\"file\"} 1"));
    }

    @Test
    void driftWithoutAFileEventIsCorrectedWithinTheInterval() throws Exception {
        Path root = dir.resolve("root");
        Path forward = root.resolve("proc/sys/net/ipv4/ip_forward");
        start(root, Duration.ofSeconds(1), catalog("frontend a\n"));
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(forward)
                && Files.readString(forward).strip().equals("1"));

        Files.writeString(forward, "0\n");

        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(forward).strip().equals("1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> metrics.scrape()
                .contains("kubenode_agent_drift_corrections_total{type=\"sysctl\"} 1"));
    }

    @Test
    void aNewCatalogIsAppliedAtOnceAndARefusedOneLeavesTheOldInForce() throws Exception {
        Path root = dir.resolve("root");
        Path haproxy = root.resolve("etc/haproxy/haproxy.cfg");
        start(root, Duration.ofMinutes(10), catalog("frontend a\n"));
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(haproxy));

        Files.writeString(dir.resolve("catalog.json"), Documents.toJson(catalog("frontend b\n")));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(haproxy).equals("frontend b\n"));

        Files.writeString(dir.resolve("catalog.json"), "{ not a catalog");
        Files.writeString(haproxy, "edited by hand\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(haproxy).equals("frontend b\n"));
    }

    /**
     * An operator's plain rewrite truncates the file, then fills it: the daemon may read it in between. The rest of
     * the write lands right after that read (here, deterministically, from inside the read) and must still wake a
     * pass, though the interval is 10 minutes.
     */
    @Test
    void aCatalogFileFilledRightAfterAHalfWrittenReadIsApplied() throws Exception {
        Path root = dir.resolve("root");
        Path haproxy = root.resolve("etc/haproxy/haproxy.cfg");
        Path catalogFile = dir.resolve("catalog.json");
        Files.writeString(catalogFile, Documents.toJson(catalog("frontend a\n")));
        String next = Documents.toJson(catalog("frontend b\n"));
        CatalogFileSource file = new CatalogFileSource(LocalHost.machine(), catalogFile.toString());
        AtomicBoolean truncated = new AtomicBoolean();
        CatalogSource fillAfterRead = new CatalogSource() {
            @Override
            public Optional<CatalogLoader.Loaded> poll() {
                Optional<CatalogLoader.Loaded> read = file.poll();
                boolean readEmpty = read.isPresent() && !read.get().ok();
                if (readEmpty && truncated.getAndSet(false)) {
                    write(catalogFile, next);
                }
                return read;
            }

            @Override
            public List<String> watchedPaths() {
                return file.watchedPaths();
            }
        };
        startWithSource(root, Duration.ofMinutes(10), fillAfterRead);
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(haproxy)
                && Files.readString(haproxy).equals("frontend a\n"));

        truncated.set(true);
        Files.write(catalogFile, new byte[0]);

        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(haproxy).equals("frontend b\n"));
        assertThat(truncated).isFalse();
    }

    @Test
    void withoutAReadableSourceTheCachedCatalogIsEnforced() throws Exception {
        Path root = dir.resolve("root");
        StateDir state = new StateDir(new LocalHost(root), StateDir.DEFAULT);
        state.saveCatalog(catalog("cached\n"));
        Path haproxy = root.resolve("etc/haproxy/haproxy.cfg");

        startWithSource(root, Duration.ofMinutes(10), dir.resolve("missing.json"));

        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(haproxy)
                && Files.readString(haproxy).equals("cached\n"));
    }

    private void start(Path root, Duration interval, NodeCatalog catalog) throws Exception {
        Path catalogFile = dir.resolve("catalog.json");
        Files.writeString(catalogFile, Documents.toJson(catalog));
        startWithSource(root, interval, catalogFile);
    }

    private void startWithSource(Path root, Duration interval, Path catalogFile) {
        startWithSource(root, interval, new CatalogFileSource(LocalHost.machine(), catalogFile.toString()));
    }

    private void startWithSource(Path root, Duration interval, CatalogSource source) {
        metrics = new AgentMetrics();
        thread = SandboxDaemon.start(root, source, metrics, new PassSchedule(interval, 0.1, Duration.ofMillis(200)),
                PassListener.NONE);
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static NodeCatalog catalog(String haproxyContent) {
        return EngineHarness.catalogOf(
                FileSpec.rootOwned("/etc/haproxy/haproxy.cfg", haproxyContent, "0644"),
                new ManagedBlockSpec("/etc/hosts", "kubenode hosts", "192.0.2.10 node1.internal\n"),
                new SysctlSpec("net.ipv4.ip_forward", "1"));
    }
}
