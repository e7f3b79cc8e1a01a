package io.kubenode.agent.daemon;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.host.sandbox.SandboxHost;
import io.kubenode.agent.host.sandbox.SandboxSimulators;
import io.kubenode.agent.host.sandbox.Simulations;
import io.kubenode.agent.metrics.AgentMetrics;
import io.kubenode.agent.resource.drain.FakeKubectlHost;
import io.kubenode.agent.resource.kubeadm.FakeKubectl;
import io.kubenode.common.catalog.DrainSpec;
import io.kubenode.common.catalog.ManifestSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.catalog.ProbeSpec;
import io.kubenode.common.catalog.ServiceSpec;
import io.kubenode.common.document.Documents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A pass that started a component (here a manifest apply), or left one not ready, is followed within seconds by a
 * pass that observes it, not after the whole interval: the controller's orchestrator releases the next step only on
 * that in_sync.
 */
class AgentDaemonConfirmationTest {
    private static final String MANIFEST = "/etc/kubenode/manifests/kube-flannel.yml";

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
    void aPassThatAppliedAManifestIsConfirmedByAnotherPassWithinSecondsNotAfterTheInterval() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(root.resolve("etc/kubernetes"));
        Files.createDirectories(root.resolve("etc/kubenode/manifests"));
        Files.writeString(root.resolve("etc/kubernetes/admin.conf"), "apiVersion: v1\n");
        Files.writeString(root.resolve(MANIFEST.substring(1)), "kind: DaemonSet\n");
        FakeKubectl kubectl = FakeKubectl.create(dir.resolve("fake"));
        SandboxHost host = new SandboxHost(root, Simulations.all(), new SandboxSimulators(Map.of("kubectl",
                kubectl.executable()), SandboxSimulators.loopbackAddress("127.0.0.1")));
        NodeCatalog catalog = EngineHarness.catalogOf(new ManifestSpec("flannel", MANIFEST,
                "/etc/kubernetes/admin.conf", 120));
        List<Report> passes = startDaemon(host, catalog, 0.1);

        await().atMost(Duration.ofSeconds(30)).until(() -> passes.size() >= 2);
        assertThat(passes.get(0).resources()).extracting(resource -> resource.id() + " " + resource.state())
                .containsExactly("manifest:flannel changed");
        assertThat(passes.get(1).resources()).extracting(resource -> resource.id() + " " + resource.state())
                .as("the confirming pass, seconds later with a 10-minute interval")
                .containsExactly("manifest:flannel in_sync");
    }

    /** A drain, like a component, is confirmed by the next pass within seconds: the rollout waits for its in_sync. */
    @Test
    void aPassThatDrainedANodeIsConfirmedByAnotherPassWithinSeconds() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(root.resolve("etc/kubernetes"));
        Files.writeString(root.resolve("etc/kubernetes/admin.conf"), "apiVersion: v1\n");
        FakeKubectlHost host = new FakeKubectlHost(root).pod("default", "web-1", "ReplicaSet");
        NodeCatalog catalog = EngineHarness.catalogOf(new DrainSpec("node4.internal", true,
                "/etc/kubernetes/admin.conf", 300));
        List<Report> passes = startDaemon(host, catalog, 0.1);

        await().atMost(Duration.ofSeconds(30)).until(() -> passes.size() >= 2);
        assertThat(passes.subList(0, 2)).extracting(pass -> pass.resources().get(0).id() + " "
                + pass.resources().get(0).state()).containsExactly("drain:node4.internal changed",
                "drain:node4.internal in_sync");
    }

    /**
     * A pass that started or restarted a service did so after its probes looked (notified restarts come at the end of
     * a pass), so what the service does now is for the next pass to see: within seconds, since a rollout waits for it.
     */
    @Test
    void aPassThatStartedAServiceIsConfirmedByAnotherPassWithinSeconds() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        NodeCatalog catalog = EngineHarness.catalogOf(new ServiceSpec("haproxy", true, ServiceSpec.RUNNING));
        List<Report> passes = startDaemon(new SandboxHost(root, Simulations.all()), catalog, 0.1);

        await("the confirming pass, with a 10-minute interval").atMost(Duration.ofSeconds(30))
                .until(() -> passes.size() >= 2);
        assertThat(passes.subList(0, 2)).extracting(pass -> pass.resources().get(0).id() + " "
                + pass.resources().get(0).state()).containsExactly("service:haproxy changed",
                "service:haproxy in_sync");
    }

    /**
     * A pass that ends with a resource not ready (a component still starting: the CRI socket, an endpoint a manifest
     * waits for) is looked at again soon, backing off like a failure, not after the whole interval.
     */
    @Test
    void aPassWithAResourceNotReadyIsFollowedByPassesThatBackOffFromTheMinimumNotByTheInterval() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        NodeCatalog catalog = EngineHarness.catalogOf(new ProbeSpec("containerd-cri", ProbeSpec.CRI_SOCKET,
                "/run/containerd/containerd.sock", null, 5));
        List<Report> passes = startDaemon(new SandboxHost(root, Simulations.all()), catalog, 0);

        await("three passes with a 10-minute interval").atMost(Duration.ofSeconds(20)).until(() -> passes.size() >= 3);
        assertThat(passes.subList(0, 3)).allSatisfy(pass -> assertThat(pass.resources())
                .extracting(resource -> resource.state()).containsExactly("not_ready"));
    }

    /** A daemon on {@code host} with {@code catalog} and a 10-minute interval; the reports of its passes, in order. */
    private List<Report> startDaemon(Host host, NodeCatalog catalog, double jitter)
            throws Exception {
        Path catalogFile = dir.resolve("catalog.json");
        Files.writeString(catalogFile, Documents.toJson(catalog));
        List<Report> passes = new CopyOnWriteArrayList<>();
        thread = SandboxDaemon.start(host, new CatalogFileSource(LocalHost.machine(), catalogFile.toString()),
                new AgentMetrics(), new PassSchedule(Duration.ofMinutes(10), jitter, Duration.ofMillis(200)),
                passes::add);
        return passes;
    }
}
