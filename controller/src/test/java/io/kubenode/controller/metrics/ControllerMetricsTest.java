package io.kubenode.controller.metrics;

import io.kubenode.controller.api.TestController;
import io.kubenode.controller.realcheck.ExternalCommand;
import io.kubenode.controller.rollout.RolloutNode;
import io.kubenode.controller.rollout.RolloutNodeRecord;
import io.kubenode.controller.rollout.RolloutRecord;
import io.kubenode.controller.serve.ControllerAssembly;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The controller's /metrics over a real API server's services: names, values after real requests, promtool. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControllerMetricsTest {
    private TestController controller;
    private final Vertx vertx = Vertx.vertx();
    private MetricsServer server;
    private int port;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        controller = new TestController(dir);
        server = new MetricsServer(vertx, controller.services().metrics(),
                () -> ControllerAssembly.refreshNodeMetrics(controller.services()));
        port = server.start("127.0.0.1", 0).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    void stop() throws Exception {
        server.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        controller.stop();
    }

    @Test
    void theMetricsFollowTheDocumentTheNodesAndTheRequests() throws Exception {
        String before = scrape().body();
        controller.applyExample();

        String after = scrape().body();

        assertThat(before).contains("kubenode_controller_cluster_phase{phase=\"WaitingForNodes\"} 1.0",
                "kubenode_controller_cluster_phase{phase=\"Ready\"} 0.0",
                "kubenode_controller_orchestration_step_retries_total{step=\"join-control-plane\"} 0.0",
                "kubenode_controller_orchestration_decision_seconds_count 0",
                "kubenode_controller_enrollments_total{result=\"accepted\"} 0.0");
        assertThat(after).contains("kubenode_controller_cluster_phase{phase=\"WaitingForNodes\"} 1.0",
                "kubenode_controller_nodes{state=\"unreported\"} 5.0",
                "kubenode_controller_desired_generation{node=\"node1.internal\"} 1.0",
                "kubenode_controller_node_converged{node=\"node5.internal\"} 0.0",
                "kubenode_controller_http_requests_total{code=\"200\",method=\"PUT\",route=\"/api/v1/cluster\"} 1.0",
                "kubenode_controller_catalog_watches 0.0");
        assertThat(after).containsPattern("kubenode_controller_ca_expiry_timestamp_seconds [0-9.]+E9");
    }

    @Test
    void everyClusterPhaseIsPresentWithOneAtOneAndRetriesCountPerStep() {
        ControllerMetrics metrics = new ControllerMetrics(java.time.Instant.parse("2036-01-01T00:00:00Z"), () -> 0);

        metrics.clusterPhase(io.kubenode.controller.orchestration.ClusterPhase.JoiningControlPlanes);
        metrics.stepRetry("join-control-plane");
        metrics.stepRetry("reset");
        metrics.decision(2_000_000);

        String scraped = metrics.scrape();
        for (io.kubenode.controller.orchestration.ClusterPhase phase
                : io.kubenode.controller.orchestration.ClusterPhase.values()) {
            assertThat(scraped).contains("kubenode_controller_cluster_phase{phase=\"" + phase.name() + "\"} "
                    + (phase == io.kubenode.controller.orchestration.ClusterPhase.JoiningControlPlanes ? "1.0"
                    : "0.0"));
        }
        assertThat(scraped).contains(
                "kubenode_controller_orchestration_step_retries_total{step=\"join-control-plane\"} 1.0",
                "kubenode_controller_orchestration_step_retries_total{step=\"init\"} 0.0",
                "kubenode_controller_orchestration_step_retries_total{step=\"join-worker\"} 0.0",
                "kubenode_controller_orchestration_decision_seconds_count 1")
                .doesNotContain("step=\"reset\"");
    }

    @Test
    void theRolloutGaugesCountNodesByStateAndFlagAPause() {
        ControllerMetrics metrics = new ControllerMetrics(java.time.Instant.parse("2036-01-01T00:00:00Z"), () -> 0);
        Map<String, RolloutNodeRecord> nodes = new java.util.LinkedHashMap<>();
        nodes.put("node1.internal", node(RolloutNode.State.DONE));
        nodes.put("node2.internal", node(RolloutNode.State.FAILED));
        nodes.put("node3.internal", node(RolloutNode.State.PENDING));
        nodes.put("node4.internal", node(RolloutNode.State.PENDING));
        RolloutRecord rollout = new RolloutRecord(8, 7, "2026-12-04T12:00:00Z", null, false, nodes);

        assertThat(metrics.scrape()).contains("kubenode_controller_rollout_paused 0.0",
                "kubenode_controller_rollout_nodes{state=\"pending\"} 0.0");
        metrics.rollout(rollout);
        assertThat(metrics.scrape()).contains("kubenode_controller_rollout_paused 1.0",
                "kubenode_controller_rollout_nodes{state=\"pending\"} 2.0",
                "kubenode_controller_rollout_nodes{state=\"released\"} 0.0",
                "kubenode_controller_rollout_nodes{state=\"done\"} 1.0",
                "kubenode_controller_rollout_nodes{state=\"failed\"} 1.0");

        nodes.put("node2.internal", node(RolloutNode.State.RELEASED));
        metrics.rollout(rollout.withNodes(nodes));
        assertThat(metrics.scrape()).contains("kubenode_controller_rollout_paused 0.0",
                "kubenode_controller_rollout_nodes{state=\"released\"} 1.0");
        metrics.rollout(rollout.withNodes(nodes).withPausedBy("alice"));
        assertThat(metrics.scrape()).contains("kubenode_controller_rollout_paused 1.0");

        assertThat(metrics.scrape()).contains("kubenode_controller_departures{step=\"Draining\"} 0.0");
        io.kubenode.common.cluster.NodeSpec node3 = io.kubenode.controller.compiler.SeedCluster.load().spec().nodes()
                .get(2);
        metrics.departures(Map.of("node3.internal", new io.kubenode.controller.orchestration.Departure(node3, 7,
                "t", io.kubenode.controller.orchestration.DepartureStep.RemovingMember, "t", "node1.internal", "r")));
        assertThat(metrics.scrape()).contains("kubenode_controller_departures{step=\"RemovingMember\"} 1.0",
                "kubenode_controller_departures{step=\"Draining\"} 0.0");
    }

    @Test
    void eachNodesLastStatusAndCertificateExpiryAreGaugesOnlyWhenKnown() throws Exception {
        ControllerMetrics metrics = new ControllerMetrics(java.time.Instant.parse("2036-01-01T00:00:00Z"), () -> 0);

        metrics.nodes(List.of(
                new io.kubenode.common.status.NodeSummary("node1.internal", "control-plane", "192.0.2.11", true, 3, 3,
                        0, "2026-12-05T04:00:00Z", true, false, "2027-03-05T04:00:00Z", null),
                new io.kubenode.common.status.NodeSummary("node2.internal", "worker", "192.0.2.12", false, 0, 3, 0,
                        null, false, false, null, null)));

        String scraped = metrics.scrape();
        assertThat(scraped).contains(
                "kubenode_controller_node_last_status_timestamp_seconds{node=\"node1.internal\"} 1.7964432E9",
                "kubenode_controller_node_certificate_expiry_timestamp_seconds{node=\"node1.internal\"} 1.8042192E9")
                .as("never reported, never enrolled").doesNotContain("last_status_timestamp_seconds{node=\"node2")
                .doesNotContain("certificate_expiry_timestamp_seconds{node=\"node2");
        Path exposition = Files.writeString(Files.createTempFile("controller-metrics", ".txt"), scraped);
        ExternalCommand.Result check = ExternalCommand.run(List.of("sh", "-c", ExternalCommand.require("promtool")
                + " check metrics < " + exposition), Duration.ofSeconds(60), Map.of());
        assertThat(check.exitCode()).as(check.describe()).isZero();
        assertThat(check.stdout() + check.stderr()).as("promtool check metrics output").isEmpty();
    }

    private static RolloutNodeRecord node(RolloutNode.State state) {
        return new RolloutNodeRecord(true, true, List.of("service:haproxy"), state, null,
                "2026-12-04T12:00:00Z", "m");
    }

    @Test
    void onlyGetMetricsIsServedAndPromtoolFindsNothingWrong() throws Exception {
        HttpResponse<String> metrics = scrape();
        HttpResponse<String> other = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/cluster")).build(), HttpResponse.BodyHandlers.ofString());
        Path exposition = Files.writeString(Files.createTempFile("controller-metrics", ".txt"), metrics.body());
        try {
            ExternalCommand.Result check = ExternalCommand.run(List.of("sh", "-c", ExternalCommand.require("promtool")
                    + " check metrics < " + exposition), Duration.ofSeconds(60), Map.of());

            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).get().asString().startsWith("text/plain");
            assertThat(other.statusCode()).isEqualTo(404);
            assertThat(check.exitCode()).as(check.describe()).isZero();
            assertThat(check.stdout() + check.stderr()).as("promtool check metrics output").isEmpty();
        } finally {
            Files.deleteIfExists(exposition);
        }
    }

    private HttpResponse<String> scrape() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    }
}
