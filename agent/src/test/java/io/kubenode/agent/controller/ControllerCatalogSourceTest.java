package io.kubenode.agent.controller;

import com.sun.net.httpserver.HttpHandler;
import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.host.Backoff;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.metrics.AgentMetrics;
import io.kubenode.agent.state.CatalogLoader;
import io.kubenode.agent.state.StateDir;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.catalog.SysctlSpec;
import io.kubenode.common.document.Documents;
import io.kubenode.common.validation.Problem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The catalog watch against a local HTTPS server scripted per the protocol contract. */
class ControllerCatalogSourceTest {
    private static final String CATALOG = "/api/v1/nodes/" + FakeControllerFixture.NODE + "/catalog";
    private static final Backoff QUICK = new Backoff(Duration.ofMillis(100), Duration.ofMillis(800));

    @TempDir
    Path root;
    private final FakeControllerFixture fake = new FakeControllerFixture();
    private final AgentMetrics metrics = new AgentMetrics();
    private final RecordingEvents events = new RecordingEvents();
    private final List<Boolean> cachedWhenWoken = new CopyOnWriteArrayList<>();
    private ControllerCatalogSource source;

    @AfterEach
    void stop() {
        if (source != null) {
            source.close();
        }
        fake.close();
    }

    @Test
    void aNewCatalogIsCachedBeforeTheDaemonIsWokenAndTheWatchMovesPastIt() throws Exception {
        Queue<HttpHandler> answers = fake.route(CATALOG, FakeControllerFixture.unchangedAfter(Duration.ofMillis(50)));
        answers.add(FakeControllerFixture.catalog(json(catalog(2)), 2));

        start(new ControllerHealth(metrics));

        await().atMost(Duration.ofSeconds(10)).until(() -> !cachedWhenWoken.isEmpty());
        assertThat(cachedWhenWoken).containsExactly(true);
        Optional<CatalogLoader.Loaded> handedOver = source.poll();
        assertThat(handedOver).hasValueSatisfying(loaded -> assertThat(loaded.catalog().metadata().generation())
                .isEqualTo(2));
        assertThat(source.poll()).as("handed over once").isEmpty();
        assertThat(events.accepted).containsExactly(2L);
        assertThat(metrics.scrape()).contains("kubenode_agent_catalog_generation 2.0",
                "kubenode_agent_catalog_refused 0.0");
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.seen(CATALOG).size() >= 2);
        assertThat(fake.seen(CATALOG).get(0).query()).isEqualTo("after=0&wait=1");
        assertThat(fake.seen(CATALOG).get(1).query()).isEqualTo("after=2&wait=1");
    }

    @Test
    void theWatchStartsAfterTheCachedGeneration() throws Exception {
        state().saveCatalog(catalog(5));
        fake.route(CATALOG, FakeControllerFixture.unchangedAfter(Duration.ofMillis(50)));

        start(new ControllerHealth(metrics));

        await().atMost(Duration.ofSeconds(10)).until(() -> !fake.seen(CATALOG).isEmpty());
        assertThat(fake.seen(CATALOG).get(0).query()).isEqualTo("after=5&wait=1");
        assertThat(events.accepted).containsExactly(5L);
    }

    @Test
    void anUnavailableControllerIsRetriedWithGrowingWaitsAndTheConnectedMetricFollows() {
        List<String> connectedAtRequest = new CopyOnWriteArrayList<>();
        Queue<HttpHandler> answers = fake.route(CATALOG, exchange -> {
            connectedAtRequest.add(connected());
            FakeControllerFixture.unchangedAfter(Duration.ofMillis(50)).handle(exchange);
        });
        for (int i = 0; i < 3; i++) {
            answers.add(exchange -> {
                connectedAtRequest.add(connected());
                exchange.sendResponseHeaders(503, -1);
            });
        }

        start(new ControllerHealth(metrics));

        await().atMost(Duration.ofSeconds(10)).until(() -> connectedAtRequest.size() >= 5);
        List<FakeControllerFixture.Seen> seen = fake.seen(CATALOG);
        // equal jitter: at least half of 100, 200, 400 ms
        assertThat(gapMillis(seen, 0)).isGreaterThanOrEqualTo(50);
        assertThat(gapMillis(seen, 1)).isGreaterThanOrEqualTo(100);
        assertThat(gapMillis(seen, 2)).isGreaterThanOrEqualTo(200);
        assertThat(connectedAtRequest.subList(1, 4)).as("after each 503").containsOnly("0.0");
        assertThat(connectedAtRequest.get(4)).as("after the first 304").isEqualTo("1.0");
    }

    @Test
    void aCatalogWhoseHashDoesNotMatchIsRefusedNeverCachedAndNotFetchedAgain() throws Exception {
        NodeCatalog good = catalog(3);
        NodeCatalog tampered = new NodeCatalog(good.apiVersion(), good.kind(), new NodeCatalog.Metadata("test",
                FakeControllerFixture.NODE, 3, "sha256:" + "0".repeat(64)), good.spec());
        Queue<HttpHandler> answers = fake.route(CATALOG, FakeControllerFixture.unchangedAfter(Duration.ofMillis(50)));
        answers.add(FakeControllerFixture.catalog(json(tampered), 3));

        start(new ControllerHealth(metrics));

        await().atMost(Duration.ofSeconds(10)).until(() -> fake.seen(CATALOG).size() >= 2);
        assertThat(events.refused).singleElement().satisfies(refusal -> assertThat(refusal)
                .startsWith("3 metadata.contentHash: does not match the content"));
        assertThat(source.poll()).isEmpty();
        assertThat(cachedWhenWoken).isEmpty();
        assertThat(state().loadCatalog()).isEmpty();
        assertThat(fake.seen(CATALOG).get(1).query()).isEqualTo("after=3&wait=1");
        assertThat(metrics.scrape()).as("refused: the alert's metric").contains("kubenode_agent_catalog_refused 1.0");
    }

    @Test
    void aGoodCatalogAfterARefusedOneClearsTheRefusal() throws Exception {
        NodeCatalog other = NodeCatalog.of("test", "node2.internal", 4, catalog(4).spec());
        Queue<HttpHandler> answers = fake.route(CATALOG, FakeControllerFixture.unchangedAfter(Duration.ofMillis(50)));
        answers.add(FakeControllerFixture.catalog(json(other), 4));
        answers.add(FakeControllerFixture.catalog(json(catalog(5)), 5));

        start(new ControllerHealth(metrics));

        await().atMost(Duration.ofSeconds(10)).until(() -> events.accepted.contains(5L));
        assertThat(events.refused).hasSize(1);
        assertThat(metrics.scrape()).contains("kubenode_agent_catalog_refused 0.0");
    }

    @Test
    void aCatalogForAnotherNodeIsRefused() throws Exception {
        NodeCatalog other = NodeCatalog.of("test", "node2.internal", 4, catalog(4).spec());
        Queue<HttpHandler> answers = fake.route(CATALOG, FakeControllerFixture.unchangedAfter(Duration.ofMillis(50)));
        answers.add(FakeControllerFixture.catalog(json(other), 4));

        start(new ControllerHealth(metrics));

        await().atMost(Duration.ofSeconds(10)).until(() -> !events.refused.isEmpty());
        assertThat(events.refused.get(0)).startsWith("4 metadata.node: expected this node (node1.internal)");
        assertThat(state().loadCatalog()).isEmpty();
    }

    @Test
    void aRevokedCertificateSlowsTheWatchDownAndSaysSo() {
        fake.route(CATALOG, FakeControllerRoutes.error(401, "certificate_revoked", "this certificate is revoked"));

        start(new ControllerHealth(metrics, Duration.ofHours(1)));

        await().atMost(Duration.ofSeconds(10)).until(() -> metrics.scrape()
                .contains("kubenode_agent_certificate_revoked 1.0"));
        FakeControllerFixture.sleep(Duration.ofMillis(1500));
        assertThat(fake.seen(CATALOG)).as("no hammering: one request, the next in an hour").hasSize(1);
        assertThat(connected()).isEqualTo("0.0");
    }

    private void start(ControllerHealth health) {
        StateDir state = state();
        source = new ControllerCatalogSource(fake.client(FakeControllerFixture.node()), state, events, health,
                metrics, QUICK, new SplittableRandom(1), 1);
        source.onNewCatalog(() -> {
            try {
                cachedWhenWoken.add(state.loadCatalog().map(CatalogLoader.Loaded::ok).orElse(false));
            } catch (Exception e) {
                cachedWhenWoken.add(false);
            }
        });
        source.start();
    }

    private StateDir state() {
        return new StateDir(new LocalHost(root), StateDir.DEFAULT);
    }

    private String connected() {
        return metrics.scrape().lines().filter(line -> line.startsWith("kubenode_agent_controller_connected "))
                .findFirst().orElseThrow().substring("kubenode_agent_controller_connected ".length());
    }

    private static long gapMillis(List<FakeControllerFixture.Seen> seen, int index) {
        return (seen.get(index + 1).atNanos() - seen.get(index).atNanos()) / 1_000_000;
    }

    static NodeCatalog catalog(long generation) {
        NodeCatalog base = EngineHarness.catalogOf(new SysctlSpec("net.ipv4.ip_forward", "1"));
        return NodeCatalog.of("test", FakeControllerFixture.NODE, generation, base.spec());
    }

    static byte[] json(NodeCatalog catalog) {
        return Documents.toJson(catalog).getBytes(StandardCharsets.UTF_8);
    }

    /** What the watch told the status reporter. */
    static final class RecordingEvents implements CatalogEvents {
        final List<Long> accepted = new CopyOnWriteArrayList<>();
        final List<String> refused = new CopyOnWriteArrayList<>();

        @Override
        public void catalogAccepted(NodeCatalog catalog) {
            accepted.add(catalog.metadata().generation());
        }

        @Override
        public void catalogRefused(long generation, List<Problem> problems) {
            refused.add(generation + " " + String.join("; ", problems.stream().map(Problem::render).toList()));
        }
    }
}
