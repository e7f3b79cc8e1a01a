package io.kubenode.controller.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.document.Documents;
import io.kubenode.controller.compiler.SeedCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** GET /api/v1/orchestration and the orchestration parts of the node routes, over real mTLS with curl. */
class OrchestrationRoutesTest extends WithApiServer {
    private static final String ROUTE = "/api/v1/orchestration";

    @BeforeAll
    void storeTheExampleAndANode() throws Exception {
        ApiTestServer.Answer put = api.curl("admin", "PUT", "/api/v1/cluster", SeedCluster.exampleFile(),
                "Content-Type: application/yaml");
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        api.writeClient(api.ca, new io.kubenode.common.pki.SubjectName("node1.internal",
                io.kubenode.common.pki.SubjectName.NODES), "node1-internal", java.time.Duration.ofDays(1));
    }

    @BeforeEach
    void noOrchestration() {
        api.orchestration.set(null);
    }

    @Test
    void beforeTheFirstDecisionTheRouteSaysThereIsNoOrchestrationYet() throws Exception {
        ApiTestServer.Answer answer = api.curl("admin", "GET", ROUTE, null);
        ApiTestServer.Answer nodes = api.curl("admin", "GET", "/api/v1/nodes", null);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body()).contains("\"code\":\"not_found\"", "no orchestration yet");
        assertThat(Documents.json().readTree(nodes.body()).path("items")).allSatisfy(node ->
                assertThat(node.has("phase")).as("no phase before any orchestration: %s", node).isFalse());
    }

    @Test
    void adminsSeeThePhaseTheTimeEachPhaseTookAndEveryNodesStep() throws Exception {
        Instant start = Instant.now().minusSeconds(400);
        api.orchestration.set(OrchestrationRecords.joiningControlPlanes(start));

        ApiTestServer.Answer answer = api.curl("admin", "GET", ROUTE, null);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode json = Documents.json().readTree(answer.body());
        assertThat(json.path("phase").asText()).isEqualTo("JoiningControlPlanes");
        assertThat(json.path("message").asText()).isEqualTo("joining node2.internal (2/3 control planes)");
        assertThat(json.path("phaseSince").asText()).isEqualTo(start.plusSeconds(230).toString());
        assertThat(json.path("elapsedSeconds").asLong()).isCloseTo(170, within(5L));
        List<String> steps = new ArrayList<>();
        json.path("steps").forEach(step -> steps.add(step.path("phase").asText() + " "
                + step.path("elapsedSeconds").asLong() + (step.path("current").asBoolean() ? " running" : "")));
        assertThat(steps).hasSize(6).startsWith("WaitingForNodes 30", "Preparing 120", "Preflight 2",
                "Initializing 60", "InstallingNetwork 18");
        assertThat(steps.get(5)).startsWith("JoiningControlPlanes 1").endsWith(" running");
        assertThat(json.path("token").path("id").asText()).isEqualTo(OrchestrationRecords.TOKEN_ID);
        assertThat(json.path("token").path("holder").asText()).isEqualTo("node1.internal");
        JsonNode node1 = json.path("nodes").get(0);
        assertThat(node1.path("name").asText()).isEqualTo("node1.internal");
        assertThat(node1.path("phase").asText()).isEqualTo("Joined");
        assertThat(node1.path("step").path("action").asText()).isEqualTo("init");
        assertThat(node1.path("step").path("elapsedSeconds").asLong()).as("released to joined").isEqualTo(48);
        assertThat(node1.path("joinedAt").asText()).isEqualTo(start.plusSeconds(200).toString());
        JsonNode node2 = json.path("nodes").get(1);
        assertThat(node2.path("phase").asText()).isEqualTo("Joining");
        assertThat(node2.path("attempts").asInt()).isEqualTo(2);
        assertThat(node2.path("step").path("attempt").asInt()).isEqualTo(2);
        assertThat(node2.path("step").path("releasedAt").asText()).isEqualTo(start.plusSeconds(300).toString());
        assertThat(node2.path("lastFailure").asText()).contains("kubeadm join exited 1 after 12.3 s",
                "token abcdef.<redacted> not found", "(private key redacted)", "--v=5");
        assertThat(json.path("nodes").get(4).path("phase").asText()).isEqualTo("Pending");
    }

    @Test
    void theNodeRoutesCarryEachNodesPhaseAndOneNodesOrchestration() throws Exception {
        api.orchestration.set(OrchestrationRecords.joiningControlPlanes(Instant.now().minusSeconds(400)));

        JsonNode nodes = Documents.json().readTree(api.curl("admin", "GET", "/api/v1/nodes", null).body());
        JsonNode node2 = Documents.json().readTree(api.curl("admin", "GET", "/api/v1/nodes/node2.internal", null)
                .body());

        List<String> phases = new ArrayList<>();
        nodes.path("items").forEach(node -> phases.add(node.path("name").asText() + " "
                + node.path("phase").asText("-")));
        assertThat(phases).containsExactly("node1.internal Joined", "node2.internal Joining",
                "node3.internal Preparing", "node4.internal Preparing", "node5.internal Pending");
        assertThat(node2.path("summary").path("phase").asText()).isEqualTo("Joining");
        assertThat(node2.path("orchestration").path("step").path("action").asText()).isEqualTo("join");
        assertThat(node2.path("orchestration").path("lastFailure").asText()).contains("exited 1");
    }

    @Test
    void onlyAdminsMayReadIt() throws Exception {
        api.orchestration.set(OrchestrationRecords.joiningControlPlanes(Instant.now()));

        ApiTestServer.Answer node = api.curl("node1-internal", "GET", ROUTE, null);
        ApiTestServer.Answer nobody = api.curl(null, "GET", ROUTE, null);

        assertThat(node.status()).isEqualTo(403);
        assertThat(node.body()).contains("\"code\":\"forbidden\"").doesNotContain("JoiningControlPlanes");
        assertThat(nobody.status()).isEqualTo(401);
    }

    @Test
    void noAnswerCarriesATokenSecretOrAPrivateKey() throws Exception {
        api.orchestration.set(OrchestrationRecords.joiningControlPlanes(Instant.now().minusSeconds(400)));

        List<String> bodies = new ArrayList<>();
        for (String path : List.of(ROUTE, "/api/v1/nodes", "/api/v1/nodes/node1.internal",
                "/api/v1/nodes/node2.internal", "/api/v1/cluster")) {
            ApiTestServer.Answer answer = api.curl("admin", "GET", path, null);
            assertThat(answer.status()).as(path).isEqualTo(200);
            bodies.add(answer.body());
        }

        assertThat(bodies).allSatisfy(body -> assertThat(body).doesNotContain(OrchestrationRecords.TOKEN_SECRET,
                OrchestrationRecords.KEY_BODY, "PRIVATE KEY-----"));
        assertThat(String.join("\n", bodies)).as("the id may show").contains(OrchestrationRecords.TOKEN_ID);
    }
}
