package io.kubenode.controller.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.document.Documents;
import io.kubenode.controller.compiler.SeedCluster;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/grafana/kubenode-dashboard.json imports anywhere: valid JSON of the current schema with a stable uid, a
 * datasource variable every panel and query uses (no datasource of ours baked in), cluster and node variables every
 * query filters by, nothing hard-coded about one site's hosts, and only metrics kubenode exposes.
 */
class GrafanaDashboardTest {
    private static final Path DASHBOARD = SeedCluster.repositoryRoot().resolve("deploy/grafana/kubenode-dashboard.json");
    private static final String DATASOURCE = "${datasource}";

    @Test
    void theDashboardHasAStableUidTheCurrentSchemaAndItsVariables() throws Exception {
        JsonNode dashboard = dashboard();

        assertThat(dashboard.path("uid").asText()).isEqualTo("kubenode-fleet");
        assertThat(dashboard.path("title").asText()).isNotBlank();
        assertThat(dashboard.path("schemaVersion").asInt()).as("schemaVersion").isGreaterThanOrEqualTo(36);
        Map<String, JsonNode> variables = new TreeMap<>();
        dashboard.path("templating").path("list").forEach(variable -> variables.put(variable.path("name").asText(),
                variable));
        assertThat(variables).containsOnlyKeys("datasource", "cluster", "node");
        assertThat(variables.get("datasource").path("type").asText()).isEqualTo("datasource");
        assertThat(variables.get("datasource").path("query").asText()).isEqualTo("prometheus");
        for (String name : List.of("cluster", "node")) {
            JsonNode variable = variables.get(name);
            assertThat(variable.path("type").asText()).as(name).isEqualTo("query");
            assertThat(variable.path("datasource").path("uid").asText()).as(name).isEqualTo(DATASOURCE);
            assertThat(variable.path("query").path("query").asText()).as(name).startsWith("label_values(")
                    .endsWith(", " + name + ")");
            assertThat(variable.path("includeAll").asBoolean()).as(name + ": All").isTrue();
        }
        assertThat(variables.get("node").path("query").path("query").asText()).as("nodes of the chosen clusters")
                .contains("$cluster");
    }

    @Test
    void everyPanelQueriesTheDatasourceVariableFilteredByClusterWithNothingHardCoded() throws Exception {
        List<JsonNode> panels = panels();
        Set<Integer> ids = new HashSet<>();
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertThat(ids.add(panel.path("id").asInt())).as(title + ": unique id").isTrue();
            assertThat(panel.path("gridPos").path("w").asInt()).as(title + ": placed").isPositive();
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as(title + ": datasource").isEqualTo(DATASOURCE);
            assertThat(panel.path("targets")).as(title + ": queries").isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                assertThat(target.path("datasource").path("uid").asText()).as(title + ": query datasource")
                        .isEqualTo(DATASOURCE);
                assertThat(expr).as(title + ": filtered by the cluster variable").contains("cluster=~\"$cluster\"")
                        .as(title + ": nothing of one site's hosts").doesNotContain("instance=").doesNotContain("node=\"")
                        .doesNotContainPattern("\\d+\\.\\d+\\.\\d+\\.\\d+").doesNotContain(".internal");
                expressions.add(expr);
            }
        }
        assertThat(panels.stream().filter(panel -> !panel.path("type").asText().equals("row")).count())
                .as("panels").isGreaterThanOrEqualTo(12);
        ExposedMetrics.assertExposed(expressions, "the dashboard");
    }

    @Test
    void theDashboardShowsWhatTheIssueAsksFor() throws Exception {
        String metrics = String.join("\n", panels().stream().flatMap(panel -> {
            List<String> exprs = new ArrayList<>();
            panel.path("targets").forEach(target -> exprs.add(target.path("expr").asText()));
            return exprs.stream();
        }).toList());

        assertThat(metrics).contains("kubenode_agent_converged", "kubenode_controller_desired_generation",
                "kubenode_controller_node_observed_generation", "kubenode_agent_drift_corrections_total",
                "kubenode_agent_reconcile_duration_seconds_bucket", "kubenode_agent_resource_failures_total",
                "kubenode_agent_certificate_expiry_timestamp_seconds", "kubenode_controller_cluster_phase",
                "kubenode_controller_catalog_watches", "kubenode_controller_http_request_duration_seconds_bucket");
    }

    private static JsonNode dashboard() throws Exception {
        return Documents.json().readTree(Files.readString(DASHBOARD));
    }

    private static List<JsonNode> panels() throws Exception {
        List<JsonNode> panels = new ArrayList<>();
        dashboard().path("panels").forEach(panels::add);
        return panels;
    }
}
