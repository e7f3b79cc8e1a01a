package io.kubenode.agent.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.agent.host.Backoff;
import io.kubenode.agent.controller.ControllerHealth;
import io.kubenode.agent.controller.FakeControllerFixture;
import io.kubenode.agent.controller.FakeControllerRoutes;
import io.kubenode.agent.facts.FactsCollector;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.metrics.AgentMetrics;
import io.kubenode.common.document.Documents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The status reporter against a local HTTPS server scripted per the protocol contract. */
class StatusReporterTest {
    private static final String STATUS = "/api/v1/nodes/" + FakeControllerFixture.NODE + "/status";
    private static final Backoff QUICK = new Backoff(Duration.ofMillis(50), Duration.ofMillis(200));

    @TempDir
    Path root;
    private final FakeControllerFixture fake = new FakeControllerFixture();
    private final AgentMetrics metrics = new AgentMetrics();
    private final List<JsonNode> accepted = new CopyOnWriteArrayList<>();
    private volatile int answer = 204;
    private StatusReporter reporter;
    private FactsCollector collector;

    @AfterEach
    void stop() {
        if (reporter != null) {
            reporter.close();
        }
        fake.close();
    }

    @Test
    void whileTheControllerIsDownOnlyTheNewestStatusIsKeptAndItIsSentWhenItIsBack() throws Exception {
        answer = 503;
        start();
        reporter.passCompleted(NodeStatusBuilderTest.report(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> !fake.seen(STATUS).isEmpty());
        reporter.passCompleted(NodeStatusBuilderTest.report(2));
        reporter.passCompleted(NodeStatusBuilderTest.report(3));

        answer = 204;

        await().atMost(Duration.ofSeconds(10)).until(() -> !accepted.isEmpty());
        FakeControllerFixture.sleep(Duration.ofMillis(500));
        assertThat(accepted).singleElement().satisfies(status -> {
            assertThat(status.path("appliedGeneration").asLong()).isEqualTo(3);
            assertThat(status.path("node").asText()).isEqualTo(FakeControllerFixture.NODE);
            assertThat(status.path("facts").isObject()).isTrue();
            assertThat(status.path("reportedAt").asText()).isNotEmpty();
        });
        assertThat(reporter.pending()).isEmpty();
    }

    @Test
    void reportingNeverHoldsUpAPassEvenWhenTheControllerHangs() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        fake.route(STATUS, exchange -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
        });
        startWithoutRoute();

        long started = System.nanoTime();
        for (int pass = 1; pass <= 1000; pass++) {
            reporter.passCompleted(NodeStatusBuilderTest.report(pass));
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        release.countDown();

        assertThat(millis).isLessThan(2000);
    }

    @Test
    void aStatusTheControllerRefusesAsInvalidIsNotRetried() {
        answer = 422;
        start();

        reporter.passCompleted(NodeStatusBuilderTest.report(1));

        await().atMost(Duration.ofSeconds(10)).until(() -> !fake.seen(STATUS).isEmpty());
        FakeControllerFixture.sleep(Duration.ofMillis(500));
        assertThat(fake.seen(STATUS)).hasSize(1);
    }

    @Test
    void aRevokedCertificateStopsTheRetriesHammering() {
        fake.route(STATUS, FakeControllerRoutes.error(401, "certificate_revoked", "revoked"));
        startWithoutRoute(new ControllerHealth(metrics, Duration.ofHours(1)));

        reporter.passCompleted(NodeStatusBuilderTest.report(1));

        await().atMost(Duration.ofSeconds(10)).until(() -> !fake.seen(STATUS).isEmpty());
        FakeControllerFixture.sleep(Duration.ofMillis(800));
        assertThat(fake.seen(STATUS)).hasSize(1);
        assertThat(reporter.pending()).as("kept for when the node is enrolled again").isPresent();
        assertThat(metrics.scrape()).contains("kubenode_agent_certificate_revoked 1.0");
    }

    @Test
    void anAcceptedCatalogTellsTheFactsTheNodesAddressFromItsFirewall() {
        start();
        io.kubenode.common.catalog.FirewallSpec firewall = new io.kubenode.common.catalog.FirewallSpec("system",
                "auto", null, "192.0.2.61", List.of("10250/tcp"), List.of());
        reporter.catalogAccepted(io.kubenode.common.catalog.NodeCatalog.of("lab", "node1.internal", 3,
                new io.kubenode.common.catalog.NodeCatalog.Spec("worker", null, List.of(
                        new io.kubenode.common.catalog.CatalogResource("firewall:system", List.of(), List.of(),
                                firewall)))));

        assertThat(collector.nodeAddress()).isEqualTo("192.0.2.61");
    }

    private void start() {
        fake.route(STATUS, exchange -> {
            int status = answer;
            if (status == 204) {
                accepted.add(Documents.json().readTree(exchange.getRequestBody().readAllBytes()));
            }
            exchange.sendResponseHeaders(status, -1);
        });
        startWithoutRoute();
    }

    private void startWithoutRoute() {
        startWithoutRoute(new ControllerHealth(metrics));
    }

    private void startWithoutRoute(ControllerHealth health) {
        collector = new FactsCollector(new LocalHost(root));
        reporter = new StatusReporter(fake.client(FakeControllerFixture.node()), false,
                new FactsCache(collector, FactsCache.DEFAULT_MAX_AGE,
                        Clock.systemUTC()), health, QUICK, Clock.systemUTC(), new SplittableRandom(1));
        reporter.start();
    }
}
