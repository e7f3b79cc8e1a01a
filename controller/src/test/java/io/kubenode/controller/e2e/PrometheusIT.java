package io.kubenode.controller.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.document.Documents;
import io.kubenode.controller.cli.KubenodeController;
import io.kubenode.controller.compiler.SeedCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 17 against a real Prometheus (Debian's, on loopback): a controller and the seed cluster's agents in
 * sandboxes (four, then the fifth enrolled during the test), and Prometheus configured with nothing but the controller's service discovery and Prometheus's own
 * certificate from {@code kubenode-controller monitoring-credentials}. No target is listed by hand. Once every
 * target is up: the agents are all converged, every query of the dashboard and every recording rule returns series,
 * a stopped agent is the one target down and its alert goes pending then firing (the rules' copy shortens its
 * {@code for:}) and resolves when it is back, and a node enrolled meanwhile becomes a target by itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusIT {
    private static final List<String> NODES = List.of("node1.internal", "node2.internal", "node3.internal",
            "node4.internal", "node5.internal");
    /** The seed's fifth node, enrolled only during the last case. */
    private static final String LATE_NODE = "node5.internal";
    private static final List<String> FIRST = NODES.subList(0, 4);
    private static final Path REPOSITORY = SeedCluster.repositoryRoot();
    private static final Duration DISCOVERED_WITHIN = Duration.ofSeconds(90);

    private Path dir;
    private ControllerFixture controller;
    private PrometheusProcess prometheus;
    private final Map<String, SandboxNode> nodes = new LinkedHashMap<>();
    private final Map<String, AgentProcess> agents = new LinkedHashMap<>();

    @BeforeAll
    void startControllerAgentsAndPrometheus(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        controller = ControllerFixture.initAndServe(dir.resolve("controller"));
        assertThat(controller.kubenodectl().apply(SeedCluster.exampleFile())).contains("node1.internal");
        for (String name : FIRST) {
            start(name);
        }
        Path credentials = dir.resolve("prometheus-credentials");
        StringWriter stderr = new StringWriter();
        int minted = KubenodeController.run(new PrintWriter(new StringWriter()), new PrintWriter(stderr),
                "monitoring-credentials", "--data-dir", controller.dataDir().toString(), "--out",
                credentials.toString());
        assertThat(minted).as(stderr.toString()).isZero();
        Path rules = Files.writeString(dir.resolve("kubenode-rules.yml"), rulesWithAShortAgentDownWait());
        Path config = Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: kubenode
                    scrape_timeout: 1s
                    http_sd_configs:
                      - url: %s/api/v1/monitoring/targets
                        refresh_interval: 2s
                        tls_config:
                          ca_file: %s
                          cert_file: %s
                          key_file: %s
                """.formatted(rules, controller.url(), credentials.resolve("ca.crt"),
                credentials.resolve("prometheus.crt"), credentials.resolve("prometheus.key")));
        prometheus = PrometheusProcess.start(config, Files.createDirectories(dir.resolve("prometheus")));
    }

    @AfterAll
    void stopEverything() {
        try {
            if (prometheus != null) {
                prometheus.close();
            }
        } finally {
            agents.values().forEach(AgentProcess::close);
            if (controller != null) {
                controller.close();
            }
        }
    }

    @Test
    @Order(1)
    void everyAgentAndTheControllerAreDiscoveredThroughTheControllerAndUp() {
        long start = System.nanoTime();
        await("4 agents and the controller discovered and up").atMost(DISCOVERED_WITHIN)
                .pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                        assertThat(targets()).containsExactlyInAnyOrderEntriesOf(expectedTargets(FIRST)));
        for (JsonNode target : prometheus.activeTargets()) {
            assertThat(target.path("discoveredLabels").path("__meta_url").asText()).as("from the controller's SD")
                    .isEqualTo(controller.url() + "/api/v1/monitoring/targets");
            assertThat(target.path("labels").path("cluster").asText()).isEqualTo("lab");
        }
        System.out.printf("PrometheusIT: every target discovered and up %d ms after Prometheus was ready: %s%n",
                millisSince(start), targets());
    }

    @Test
    @Order(2)
    void everyAgentIsConvergedAndEveryDashboardQueryAndRecordingRuleReturnsSeries() throws Exception {
        awaitConverged(FIRST.size());
        List<String> queries = dashboardQueries();
        List<String> records = recordingRules();
        assertThat(queries).hasSizeGreaterThanOrEqualTo(12);
        assertThat(records).hasSize(3);
        // rate() and increase() need two samples in their window; the recording rules an evaluation or two
        await("every dashboard query and recording rule returns series").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                    List<String> empty = new ArrayList<>();
                    for (String query : queries) {
                        if (prometheus.query(query).isEmpty()) {
                            empty.add(query);
                        }
                    }
                    for (String record : records) {
                        if (prometheus.query(record).isEmpty()) {
                            empty.add(record);
                        }
                    }
                    assertThat(empty).as("queries without a series").isEmpty();
                });
        assertThat(scalar("cluster:kubenode_agent_converged:ratio")).isEqualTo(1.0);
    }

    @Test
    @Order(3)
    void aStoppedAgentIsTheOneTargetDownItsAlertFiresAndResolvesWhenItIsBack() throws Exception {
        String stopped = FIRST.get(3);
        long start = System.nanoTime();
        agents.remove(stopped).close();

        await(stopped + ": up 0, the others 1").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    Map<String, String> up = upByNode();
                    assertThat(up).containsEntry(stopped, "0");
                    assertThat(up.entrySet()).filteredOn(entry -> !entry.getKey().equals(stopped))
                            .allSatisfy(entry -> assertThat(entry.getValue()).as(entry.getKey()).isEqualTo("1"));
                });
        await("KubenodeAgentDown pending for " + stopped).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500)).until(() -> alertState("KubenodeAgentDown", stopped)
                        .equals("pending"));
        long pending = millisSince(start);
        await("KubenodeAgentDown firing for " + stopped).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500)).until(() -> alertState("KubenodeAgentDown", stopped)
                        .equals("firing"));
        assertThat(alertNodes("KubenodeAgentDown")).as("only the stopped agent").containsExactly(stopped);
        long firing = millisSince(start);

        long back = System.nanoTime();
        start(stopped);
        await("KubenodeAgentDown resolved").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> alertNodes("KubenodeAgentDown").isEmpty());
        assertThat(upByNode()).containsEntry(stopped, "1");
        System.out.printf("PrometheusIT: %s's agent stopped: KubenodeAgentDown pending after %d ms, firing after %d "
                + "ms (for: 3s in the test's copy); started again: resolved %d ms later%n", stopped, pending, firing,
                millisSince(back));
    }

    @Test
    @Order(4)
    void aNodeEnrolledMeanwhileBecomesATargetWithoutTouchingPrometheus() throws Exception {
        long start = System.nanoTime();
        start(LATE_NODE);

        await(LATE_NODE + " discovered and up").atMost(DISCOVERED_WITHIN).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(targets()).containsExactlyInAnyOrderEntriesOf(expectedTargets(NODES)));
        System.out.printf("PrometheusIT: %s enrolled and started: a target, up, %d ms later%n", LATE_NODE,
                millisSince(start));
        awaitConverged(NODES.size());
        assertThat(prometheus.log()).as("Prometheus was never reloaded").doesNotContain("Reloading configuration");
    }

    // ----------------------------------------------------------------------------------------------------------

    /** Enrolls {@code name} (once) and runs its agent with metrics on a fixed loopback port, so a restart keeps it. */
    private void start(String name) throws IOException, InterruptedException {
        SandboxNode node = nodes.get(name);
        if (node == null) {
            Path home = dir.resolve(name);
            node = controller.enrolledNode(home, name);
            Path agentYaml = home.resolve("agent.yaml");
            String yaml = Files.readString(agentYaml);
            assertThat(yaml).contains("metricsAddress: 127.0.0.1:0");
            Files.writeString(agentYaml, yaml.replace("127.0.0.1:0", "127.0.0.1:" + freePort()));
            nodes.put(name, node);
        }
        agents.put(name, node.run());
    }

    /** Each active target as "node or role: health". */
    private Map<String, String> targets() {
        Map<String, String> targets = new TreeMap<>();
        for (JsonNode target : prometheus.activeTargets()) {
            JsonNode labels = target.path("labels");
            String who = labels.has("node") ? labels.path("node").asText() + " " + labels.path("role").asText()
                    : labels.path("role").asText();
            targets.put(who, target.path("health").asText());
        }
        return targets;
    }

    private static Map<String, String> expectedTargets(List<String> names) {
        Map<String, String> expected = new TreeMap<>();
        for (String name : names) {
            String role = NODES.indexOf(name) < 3 ? "control-plane" : "worker";
            expected.put(name + " " + role, "up");
        }
        expected.put("controller", "up");
        return expected;
    }

    private Map<String, String> upByNode() {
        Map<String, String> up = new TreeMap<>();
        for (JsonNode sample : prometheus.query("up{role!=\"controller\"}")) {
            up.put(sample.path("metric").path("node").asText(), sample.path("value").get(1).asText());
        }
        return up;
    }

    /** The state of {@code alert} for {@code node}: pending, firing, or "" when it is neither. */
    private String alertState(String alert, String node) {
        for (JsonNode each : prometheus.alerts()) {
            if (each.path("labels").path("alertname").asText().equals(alert)
                    && each.path("labels").path("node").asText().equals(node)) {
                return each.path("state").asText();
            }
        }
        return "";
    }

    private List<String> alertNodes(String alert) {
        List<String> names = new ArrayList<>();
        for (JsonNode each : prometheus.alerts()) {
            if (each.path("labels").path("alertname").asText().equals(alert)) {
                names.add(each.path("labels").path("node").asText());
            }
        }
        return names;
    }

    private void awaitConverged(int agents) {
        await("count(kubenode_agent_converged == 1) = " + agents).atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                        assertThat(scalar("count(kubenode_agent_converged == 1)")).isEqualTo(agents));
    }

    private double scalar(String expression) {
        JsonNode result = prometheus.query(expression);
        assertThat(result).as(expression).hasSize(1);
        return result.get(0).path("value").get(1).asDouble();
    }

    /** Every query of the dashboard, its variables set to all clusters and nodes. */
    private static List<String> dashboardQueries() throws IOException {
        JsonNode dashboard = Documents.json().readTree(Files.readString(REPOSITORY.resolve(
                "deploy/grafana/kubenode-dashboard.json")));
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(target.path("expr").asText().replace("$cluster", ".+").replace("$node", ".+")
                        .replace("$__rate_interval", "30s"));
            }
        }
        return queries;
    }

    private static List<String> recordingRules() throws IOException {
        List<String> records = new ArrayList<>();
        JsonNode rules = Documents.yaml().readTree(Files.readString(REPOSITORY.resolve(
                "deploy/prometheus/kubenode-rules.yml")));
        rules.path("groups").forEach(group -> group.path("rules").forEach(rule -> {
            if (rule.has("record")) {
                records.add(rule.path("record").asText());
            }
        }));
        return records;
    }

    /** The shipped rules with KubenodeAgentDown's for: of 5m made 3s, so the test sees it fire. */
    private static String rulesWithAShortAgentDownWait() throws IOException {
        String rules = Files.readString(REPOSITORY.resolve("deploy/prometheus/kubenode-rules.yml"));
        int alert = rules.indexOf("- alert: KubenodeAgentDown");
        int wait = rules.indexOf("for: 5m", alert);
        assertThat(alert).as("the agent-down alert").isPositive();
        assertThat(rules.substring(alert + 1, wait)).as("its own for:").doesNotContain("- alert:");
        return rules.substring(0, wait) + "for: 3s" + rules.substring(wait + "for: 5m".length());
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
