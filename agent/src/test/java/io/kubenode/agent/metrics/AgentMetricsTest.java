package io.kubenode.agent.metrics;

import io.kubenode.agent.engine.Report;
import io.kubenode.agent.engine.ResourceReport;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class AgentMetricsTest {

    @Test
    void everyDesignMetricIsExposedWithItsPrometheusName() {
        AgentMetrics metrics = new AgentMetrics();
        metrics.recordPass(report("changed", "failed"), List.of("sysctl"), Instant.ofEpochSecond(1_700_000_000));

        String text = metrics.scrape();

        assertThat(text).contains("kubenode_agent_converged 0", "kubenode_agent_resources{state=\"changed\"} 1",
                "kubenode_agent_resources{state=\"failed\"} 1", "kubenode_agent_catalog_generation 7",
                "kubenode_agent_applied_generation 0", "kubenode_agent_reconcile_duration_seconds_bucket",
                "kubenode_agent_resource_changes_total{type=\"sysctl\"} 1",
                "kubenode_agent_drift_corrections_total{type=\"sysctl\"} 1",
                "kubenode_agent_resource_failures_total{type=\"file\"} 1",
                "kubenode_agent_last_converged_timestamp_seconds 0", "kubenode_agent_controller_connected 0");
    }

    @Test
    void aConvergedPassSetsConvergedAppliedGenerationAndTimestamp() {
        AgentMetrics metrics = new AgentMetrics();
        metrics.recordPass(report("in_sync", "changed"), List.of(), Instant.ofEpochSecond(1_700_000_000));

        assertThat(metrics.scrape()).contains("kubenode_agent_converged 1", "kubenode_agent_applied_generation 7",
                "kubenode_agent_last_converged_timestamp_seconds 1.7E9");
    }

    @Test
    void promtoolFindsNothingWrongWithTheExposition() throws Exception {
        AgentMetrics metrics = new AgentMetrics();
        metrics.recordPass(report("changed", "failed"), List.of("sysctl"), Instant.ofEpochSecond(1_700_000_000));
        Path exposition = Files.createTempFile("kubenode-metrics", ".txt");
        try {
            Files.writeString(exposition, metrics.scrape());
            Process promtool = new ProcessBuilder(promtool(), "check", "metrics").redirectErrorStream(true)
                    .redirectInput(exposition.toFile()).start();
            assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(promtool.exitValue()).as(output).isZero();
            assertThat(output).as("promtool check metrics output").isEmpty();
        } finally {
            Files.deleteIfExists(exposition);
        }
    }

    @Test
    void theServerAnswersMetricsAndNothingElse() throws Exception {
        AgentMetrics metrics = new AgentMetrics();
        try (MetricsServer server = new MetricsServer(new InetSocketAddress("127.0.0.1", 0), metrics)) {
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> ok = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> missing = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.port() + "/debug")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.port() + "/metrics")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("Content-Type")).get().asString().startsWith("text/plain");
            assertThat(ok.body()).contains("kubenode_agent_converged");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }

    private static String promtool() {
        for (String candidate : List.of("/usr/bin/promtool", "/usr/local/bin/promtool")) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        throw new AssertionError("promtool is not installed; deploy/test.sh installs it (Debian package prometheus)");
    }

    private static Report report(String sysctlState, String fileState) {
        return new Report("node1", 7, "sha256:a", Report.APPLY, false, "2026-11-25T00:00:00Z", 12, List.of(
                new ResourceReport("sysctl:net.ipv4.ip_forward", "sysctl", sysctlState, List.of(), null, 1),
                new ResourceReport("file:/etc/x", "file", fileState, List.of(), null, 1)), List.of());
    }
}
