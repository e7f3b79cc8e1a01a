package io.kubenode.agent.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.agent.controller.ControllerHealth;
import io.kubenode.agent.controller.FakeControllerFixture;
import io.kubenode.agent.daemon.AgentDaemon;
import io.kubenode.agent.daemon.CatalogFileSource;
import io.kubenode.agent.daemon.PassSchedule;
import io.kubenode.agent.engine.Engine;
import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.facts.FactsCollector;
import io.kubenode.agent.host.Backoff;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.host.sandbox.SandboxHost;
import io.kubenode.agent.host.sandbox.SandboxSimulators;
import io.kubenode.agent.host.sandbox.Simulations;
import io.kubenode.agent.metrics.AgentMetrics;
import io.kubenode.agent.policy.AgentPolicy;
import io.kubenode.agent.resource.HandlerContext;
import io.kubenode.agent.resource.Handlers;
import io.kubenode.agent.resource.kubeadm.FakeKubeadm;
import io.kubenode.agent.state.StateDir;
import io.kubenode.common.catalog.KubeadmSpec;
import io.kubenode.common.document.Documents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While a slow kubeadm step runs, the daemon sends interim statuses to the controller saying which step runs and
 * for how long; when the pass ends, the normal status replaces them.
 */
class LongStepStatusTest {
    private static final String STATUS = "/api/v1/nodes/" + FakeControllerFixture.NODE + "/status";

    @TempDir
    Path directory;

    private final FakeControllerFixture fake = new FakeControllerFixture();
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private StatusReporter reporter;

    @AfterEach
    void stop() {
        if (reporter != null) {
            reporter.close();
        }
        fake.close();
    }

    @Test
    void aRunningStepIsReportedWithItsElapsedTimeWhileItRuns() throws Exception {
        fake.route(STATUS, exchange -> {
            received.add(Documents.json().readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
        });
        reporter = new StatusReporter(fake.client(FakeControllerFixture.node()), true,
                new FactsCache(new FactsCollector(new LocalHost(directory)), FactsCache.DEFAULT_MAX_AGE,
                        Clock.systemUTC()), new ControllerHealth(new AgentMetrics()),
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(200)), Clock.systemUTC(), new SplittableRandom(1));
        reporter.start();
        Path root = Files.createDirectories(directory.resolve("root"));
        FakeKubeadm kubeadm = FakeKubeadm.create(directory.resolve("fake")).slow(3);
        SandboxHost host = new SandboxHost(root, Simulations.all(), new SandboxSimulators(Map.of("kubeadm",
                kubeadm.executable()), SandboxSimulators.loopbackAddress("127.0.0.1")));
        Path catalog = directory.resolve("catalog.json");
        Files.writeString(catalog, Documents.toJson(EngineHarness.catalogOf(new KubeadmSpec("node", "join", "worker",
                "/etc/kubenode/kubeadm/config.yaml", 1, 60, "http://127.0.0.1:1/healthz", null, null, List.of()))));
        AgentDaemon daemon = new AgentDaemon(family -> new Engine(Handlers.registry(new HandlerContext(family,
                StateDir.DEFAULT, Clock.systemUTC())), AgentPolicy.defaults(), Clock.systemUTC()), host,
                LocalHost.machine(), new StateDir(host, StateDir.DEFAULT), new CatalogFileSource(LocalHost.machine(),
                catalog.toString()), new AgentMetrics(), PassSchedule.DEFAULT, Clock.systemUTC(),
                new SplittableRandom(3), reporter, Duration.ofMillis(500));

        daemon.passOnce();

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty()
                && state(received.get(received.size() - 1)).equals("changed"));
        List<JsonNode> running = received.stream().filter(status -> state(status).equals("running")).toList();
        assertThat(running).as("interim statuses while the 3 s step ran").isNotEmpty();
        JsonNode last = running.get(running.size() - 1).path("resources").get(0);
        assertThat(last.path("id").asText()).isEqualTo("kubeadm:node");
        assertThat(last.path("message").asText()).matches("kubeadm join running for \\d+ s");
        assertThat(running.get(0).path("converged").asBoolean()).isFalse();
        assertThat(running.get(0).path("conditions").get(0).path("reason").asText()).isEqualTo("ResourceRunning");
        assertThat(running.get(0).path("appliedGeneration").asLong()).as("nothing applied yet").isZero();
        int sent = received.size();
        Thread.sleep(1200);
        assertThat(received).as("no interim status once the step ended").hasSize(sent);
    }

    private static String state(JsonNode status) {
        JsonNode resources = status.path("resources");
        return resources.isEmpty() ? "" : resources.get(0).path("state").asText();
    }
}
