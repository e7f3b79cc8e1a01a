package io.kubenode.controller.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.document.Documents;
import io.kubenode.common.status.MetricsEndpoint;
import io.kubenode.common.status.NodeStatus;
import io.kubenode.controller.cli.KubenodeController;
import io.kubenode.controller.compiler.SeedCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prometheus's HTTP service discovery with curl as Prometheus: Prometheus's own certificate (minted by
 * monitoring-credentials) reads every enrolled node that reported where its metrics are, and the controller; a node
 * enrolled later appears with its first status, a revoked one is gone from the next answer.
 */
class MonitoringRoutesTest extends WithApiServer {
    private static final String TARGETS = "/api/v1/monitoring/targets";
    private static final String PROMETHEUS = "prometheus";

    @BeforeAll
    void applyTheExampleAndMintPrometheusCredentials() throws Exception {
        ApiTestServer.Answer created = api.curl("admin", "PUT", "/api/v1/cluster", SeedCluster.exampleFile(),
                "Content-Type: application/yaml");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        Path out = dir.resolve("prometheus-credentials");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int minted = KubenodeController.run(new PrintWriter(stdout), new PrintWriter(stderr),
                "monitoring-credentials", "--data-dir", api.layout.dataDir().toString(), "--out", out.toString());
        assertThat(minted).as(stderr.toString()).isZero();
        assertThat(stdout.toString()).contains("created " + out.resolve("prometheus.key"), "monitoring prometheus: "
                + "serial ");
        Files.copy(out.resolve(PROMETHEUS + ".crt"), dir.resolve(PROMETHEUS + ".crt"));
        Files.copy(out.resolve(PROMETHEUS + ".key"), dir.resolve(PROMETHEUS + ".key"));
        api.controllerMetrics(new MetricsEndpoint("http", "0.0.0.0", 9106));
    }

    @Test
    void enrolledNodesAppearWithTheirFirstStatusAndDisappearWhenRevoked() throws Exception {
        api.enrolled("node1.internal");
        reports("node1.internal", new MetricsEndpoint("http", "0.0.0.0", 9105));
        api.enrolled("node4.internal");

        assertThat(targets()).as("node4 has not reported yet").containsExactly(
                "192.168.0.61:9105 {__scheme__=http, cluster=lab, node=node1.internal, role=control-plane}",
                "127.0.0.1:9106 {__scheme__=http, cluster=lab, role=controller}");

        reports("node4.internal", new MetricsEndpoint("http", "127.0.1.64", 40104));
        assertThat(targets()).contains("127.0.1.64:40104 {__scheme__=http, cluster=lab, node=node4.internal, "
                + "role=worker}").hasSize(3);

        ApiTestServer.Answer revoked = api.curl("admin", "POST", "/api/v1/nodes/node1.internal/revoke", null,
                ApiTestServer.JSON);
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        assertThat(targets()).as("node1 revoked").noneMatch(target -> target.contains("node1.internal"))
                .hasSize(2);
    }

    /** The answer's groups as "target {labels}" lines; the answer is Prometheus's http_sd format. */
    private List<String> targets() throws Exception {
        ApiTestServer.Answer answer = api.curl(PROMETHEUS, "GET", TARGETS, null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<String> lines = new ArrayList<>();
        for (JsonNode group : Documents.json().readTree(answer.body())) {
            assertThat(group.path("targets")).as(group.toString()).hasSize(1);
            Map<String, String> labels = Documents.json().convertValue(group.path("labels"),
                    new TypeReference<TreeMap<String, String>>() { });
            lines.add(group.path("targets").get(0).asText() + " " + labels);
        }
        return lines;
    }

    private void reports(String node, MetricsEndpoint endpoint) throws Exception {
        String now = Instant.now().toString();
        NodeStatus status = new NodeStatus(node, 0, 0, null, false, false, now, null, Map.of(), List.of(),
                List.of(), null, endpoint);
        Path body = dir.resolve(node + "-status.json");
        Files.writeString(body, Documents.canonicalJson(status));
        ApiTestServer.Answer answer = api.curl(node, "PUT", "/api/v1/nodes/" + node + "/status", body,
                ApiTestServer.JSON);
        assertThat(answer.status()).as(answer.body()).isEqualTo(204);
    }
}
