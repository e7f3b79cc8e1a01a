package io.kubenode.agent.daemon;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.host.sandbox.SandboxHost;
import io.kubenode.agent.host.sandbox.Simulations;
import io.kubenode.agent.metrics.AgentMetrics;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.catalog.ProbeSpec;
import io.kubenode.common.document.Documents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A pass that ends with a resource not ready (a component still starting: the CRI socket, an endpoint a manifest
 * waits for) is looked at again soon, backing off like a failure, not after the whole interval: a bring-up step
 * waiting on it would otherwise wait a full interval each time.
 */
class AgentDaemonNotReadyTest {
    @TempDir
    Path dir;

    private Thread thread;

    @AfterEach
    void stop() throws InterruptedException {
        if (thread != null) {
            thread.interrupt();
            thread.join(10_000);
        }
    }

    @Test
    void aPassWithAResourceNotReadyIsFollowedByPassesThatBackOffFromTheMinimumNotByTheInterval() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        NodeCatalog catalog = EngineHarness.catalogOf(new ProbeSpec("containerd-cri", ProbeSpec.CRI_SOCKET,
                "/run/containerd/containerd.sock", null, 5));
        Path catalogFile = dir.resolve("catalog.json");
        Files.writeString(catalogFile, Documents.toJson(catalog));
        List<Report> passes = new CopyOnWriteArrayList<>();

        thread = SandboxDaemon.start(new SandboxHost(root, Simulations.all()),
                new CatalogFileSource(LocalHost.machine(), catalogFile.toString()), new AgentMetrics(),
                new PassSchedule(Duration.ofMinutes(10), 0, Duration.ofMillis(200)), passes::add);

        await("three passes with a 10-minute interval").atMost(Duration.ofSeconds(20)).until(() -> passes.size() >= 3);
        assertThat(passes.subList(0, 3)).allSatisfy(pass -> assertThat(pass.resources())
                .extracting(resource -> resource.state()).containsExactly("not_ready"));
    }
}
