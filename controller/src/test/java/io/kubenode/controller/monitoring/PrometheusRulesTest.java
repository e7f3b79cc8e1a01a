package io.kubenode.controller.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.document.Documents;
import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.realcheck.ExternalCommand;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/prometheus's rules as a user gets them: Debian's real promtool checks them and runs their unit tests; every
 * alert has a case where it fires and one where it stays silent, says how bad it is and what to do; and every metric
 * they name is one the agent or the controller really exposes (a rule on a misspelt metric would never fire).
 */
class PrometheusRulesTest {
    private static final Path RULES_DIR = SeedCluster.repositoryRoot().resolve("deploy/prometheus");
    private static final Path RULES = RULES_DIR.resolve("kubenode-rules.yml");
    private static final Path RULE_TESTS = RULES_DIR.resolve("kubenode-rules.test.yml");
    private static final Set<String> SEVERITIES = Set.of("warning", "critical");

    @Test
    void promtoolAcceptsTheRulesAndTheirUnitTestsPass() throws Exception {
        ExternalCommand.Result check = promtool("check", "rules", RULES.toString());
        assertThat(check.exitCode()).as(check.describe()).isZero();
        assertThat(check.stdout()).contains("SUCCESS");

        ExternalCommand.Result test = promtool("test", "rules", RULE_TESTS.toString());
        assertThat(test.exitCode()).as(test.describe()).isZero();
        assertThat(test.stdout()).contains("SUCCESS");
    }

    @Test
    void theExampleScrapeConfigIsValidAndDiscoversThroughTheControllerOnly() throws Exception {
        Path example = RULES_DIR.resolve("prometheus.example.yml");
        ExternalCommand.Result check = promtool("check", "config", example.toString());
        assertThat(check.exitCode()).as(check.describe()).isZero();

        JsonNode config = Documents.yaml().readTree(Files.readString(example));
        assertThat(config.path("rule_files").get(0).asText()).isEqualTo("kubenode-rules.yml");
        JsonNode job = config.path("scrape_configs").get(0);
        assertThat(job.has("static_configs")).as("no target listed by hand").isFalse();
        JsonNode discovery = job.path("http_sd_configs").get(0);
        assertThat(discovery.path("url").asText()).startsWith("https://").endsWith("/api/v1/monitoring/targets");
        assertThat(discovery.path("tls_config").path("cert_file").asText()).endsWith("prometheus.crt");
        assertThat(discovery.path("tls_config").path("key_file").asText()).endsWith("prometheus.key");
        assertThat(discovery.path("tls_config").has("insecure_skip_verify")).as("the server is verified").isFalse();
    }

    @Test
    void everyAlertFiresInOneCaseStaysSilentInAnotherAndSaysWhatToDo() throws Exception {
        JsonNode tests = Documents.yaml().readTree(Files.readString(RULE_TESTS));
        Set<String> fires = new TreeSet<>();
        Set<String> silent = new TreeSet<>();
        Set<String> recordingTested = new TreeSet<>();
        for (JsonNode group : tests.path("tests")) {
            for (JsonNode alertTest : group.path("alert_rule_test")) {
                (alertTest.path("exp_alerts").isEmpty() ? silent : fires).add(alertTest.path("alertname").asText());
            }
            group.path("promql_expr_test").forEach(expr -> recordingTested.add(expr.path("expr").asText()));
        }
        Set<String> alerts = new TreeSet<>();
        Set<String> recordings = new TreeSet<>();
        for (JsonNode rule : rules()) {
            if (rule.has("record")) {
                recordings.add(rule.path("record").asText());
                continue;
            }
            String name = rule.path("alert").asText();
            alerts.add(name);
            assertThat(rule.path("for").asText()).as(name + ": for").isNotEmpty();
            assertThat(rule.path("labels").path("severity").asText()).as(name + ": severity").isIn(SEVERITIES);
            assertThat(rule.path("annotations").path("summary").asText()).as(name + ": summary").isNotBlank();
            assertThat(rule.path("annotations").path("description").asText()).as(name + ": what to do")
                    .hasSizeGreaterThan(40);
        }

        assertThat(alerts).as("alerts").hasSizeGreaterThanOrEqualTo(12);
        assertThat(fires).as("alerts with a case where they fire").isEqualTo(alerts);
        assertThat(silent).as("alerts with a case where they must not").isEqualTo(alerts);
        assertThat(recordingTested).as("recording rules with a sample").isEqualTo(recordings);
    }

    @Test
    void everyMetricTheRulesNameIsExposedByTheAgentOrTheController() throws Exception {
        List<String> expressions = rules().stream().map(rule -> rule.path("expr").asText()).toList();

        assertThat(ExposedMetrics.named(expressions)).as("metrics the rules name").hasSizeGreaterThanOrEqualTo(10);
        ExposedMetrics.assertExposed(expressions, "the rules");
    }

    private static List<JsonNode> rules() throws Exception {
        JsonNode document = Documents.yaml().readTree(Files.readString(RULES));
        List<JsonNode> rules = new ArrayList<>();
        document.path("groups").forEach(group -> group.path("rules").forEach(rules::add));
        assertThat(rules).as(RULES + ": rules").isNotEmpty();
        return rules;
    }

    private static ExternalCommand.Result promtool(String... arguments) throws Exception {
        List<String> argv = new ArrayList<>(List.of(ExternalCommand.require("promtool")));
        argv.addAll(List.of(arguments));
        return ExternalCommand.run(argv, Duration.ofSeconds(60), Map.of());
    }
}
