package io.kubenode.agent.daemon;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.metrics.AgentMetrics;
import io.kubenode.agent.state.CatalogLoader;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.document.Documents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A source without files to watch (the controller's) wakes the daemon; every pass is told to the listener. */
class AgentDaemonWakeUpTest {
    @TempDir
    Path root;
    private Thread thread;

    @AfterEach
    void stop() throws InterruptedException {
        if (thread != null) {
            thread.interrupt();
            thread.join(10_000);
        }
    }

    @Test
    void aWakeUpFromTheSourceStartsAPassAtOnceDespiteALongInterval() throws Exception {
        PushedSource source = new PushedSource();
        source.push(catalog(1, "first\n"));
        List<Report> passes = new CopyOnWriteArrayList<>();
        start(source, passes::add);
        Path file = root.resolve("etc/kubenode/kubeadm/wake.txt");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(file));

        source.push(catalog(2, "second\n"));

        await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(file).equals("second\n"));
        await().atMost(Duration.ofSeconds(5)).until(() -> passes.stream().anyMatch(pass -> pass.generation() == 2));
        assertThat(passes).extracting(Report::generation).startsWith(1L);
    }

    @Test
    void aFailingListenerDoesNotFailThePass() throws Exception {
        PushedSource source = new PushedSource();
        source.push(catalog(1, "first\n"));

        start(source, report -> {
            throw new IllegalStateException("listener broken");
        });

        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(root.resolve("etc/kubenode/kubeadm/wake.txt")));
    }

    private void start(PushedSource source, PassListener listener) {
        thread = SandboxDaemon.start(root, source, new AgentMetrics(), new PassSchedule(Duration.ofMinutes(10), 0.1,
                Duration.ofMinutes(10)), listener);
    }

    private static NodeCatalog catalog(long generation, String content) {
        return EngineHarness.catalogOf(FileSpec.rootOwned("/etc/kubenode/kubeadm/wake.txt", content, "0644"))
                .withGeneration(generation);
    }

    /** A catalog source the test pushes to, waking the daemon as the controller's watch does. */
    private static final class PushedSource implements CatalogSource {
        private final AtomicReference<CatalogLoader.Loaded> ready = new AtomicReference<>();
        private volatile Runnable wakeUp = () -> { };

        void push(NodeCatalog catalog) {
            ready.set(CatalogLoader.load(Documents.toJson(catalog).getBytes(StandardCharsets.UTF_8)));
            wakeUp.run();
        }

        @Override
        public Optional<CatalogLoader.Loaded> poll() {
            return Optional.ofNullable(ready.getAndSet(null));
        }

        @Override
        public List<String> watchedPaths() {
            return List.of();
        }

        @Override
        public void onNewCatalog(Runnable wakeUp) {
            this.wakeUp = wakeUp;
        }
    }
}
