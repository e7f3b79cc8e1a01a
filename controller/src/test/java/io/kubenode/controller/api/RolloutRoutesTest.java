package io.kubenode.controller.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.document.Documents;
import io.kubenode.common.pki.SubjectName;
import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.rollout.RolloutControl.Outcome;
import io.kubenode.controller.store.AuditEntry;
import io.kubenode.controller.store.ClusterPut;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /api/v1/rollout, POST /api/v1/rollout/pause|resume|undo and PUT /api/v1/cluster?rollout=all-at-once, over
 * real mTLS with curl, against a rollout control whose answers the test sets.
 */
class RolloutRoutesTest extends WithApiServer {
    private static final String ROUTE = "/api/v1/rollout";

    @BeforeAll
    void storeTheExampleAndANode() throws Exception {
        ApiTestServer.Answer put = api.curl("admin", "PUT", "/api/v1/cluster", SeedCluster.exampleFile(),
                "Content-Type: application/yaml");
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        api.writeClient(api.ca, new SubjectName("node1.internal", SubjectName.NODES), "node1-internal",
                Duration.ofDays(1));
    }

    @BeforeEach
    void noRollout() {
        api.rollouts.set(null);
    }

    @Test
    void beforeAnyRolloutTheRouteSaysThereIsNone() throws Exception {
        ApiTestServer.Answer answer = api.curl("admin", "GET", ROUTE, null);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body()).contains("\"code\":\"not_found\"", "no rollout yet");
    }

    @Test
    void adminsSeeTheRolloutWithEveryNodesRevisionAndState() throws Exception {
        api.rollouts.set(FakeRolloutControl.rolling());

        ApiTestServer.Answer answer = api.curl("admin", "GET", ROUTE, null);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode json = Documents.json().readTree(answer.body());
        assertThat(json.path("revision").asLong()).isEqualTo(7);
        assertThat(json.path("fromRevision").asLong()).isEqualTo(6);
        assertThat(json.path("state").asText()).isEqualTo("Rolling");
        assertThat(json.path("controlPlanes").asText()).isEqualTo("1/3");
        assertThat(json.path("workers").asText()).isEqualTo("0/1");
        assertThat(json.path("nodes")).hasSize(5);
        JsonNode node2 = json.path("nodes").get(1);
        assertThat(node2.path("name").asText()).isEqualTo("node2.internal");
        assertThat(node2.path("state").asText()).isEqualTo("Released");
        assertThat(node2.path("message").asText()).isEqualTo("waiting for apiserver /readyz");
        assertThat(node2.path("restarts").get(0).asText()).isEqualTo("service:haproxy");
        assertThat(json.path("nodes").get(2).path("revision").asLong()).as("node3 still holds 6").isEqualTo(6);
    }

    @Test
    void pauseActsAsTheCallerWithTheReasonAndAnswersTheRollout() throws Exception {
        api.rollouts.set(FakeRolloutControl.rolling());
        api.rollouts.answer(new Outcome.Done(FakeRolloutControl.pausedByAlice()));

        ApiTestServer.Answer answer = api.curl("admin", "POST", ROUTE + "/pause",
                body("{\"reason\": \"waiting for the change window\"}"), ApiTestServer.JSON);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(api.rollouts.calls()).containsExactly("pause kubenode-admin: waiting for the change window");
        JsonNode json = Documents.json().readTree(answer.body());
        assertThat(json.path("state").asText()).isEqualTo("Paused");
        assertThat(json.path("pausedBy").asText()).isEqualTo("alice");
    }

    @Test
    void pauseWithoutABodyHasNoReason() throws Exception {
        api.rollouts.set(FakeRolloutControl.rolling());

        ApiTestServer.Answer empty = api.curl("admin", "POST", ROUTE + "/pause", null);
        ApiTestServer.Answer object = api.curl("admin", "POST", ROUTE + "/pause", body("{}"), ApiTestServer.JSON);

        assertThat(empty.status()).as(empty.body()).isEqualTo(200);
        assertThat(object.status()).as(object.body()).isEqualTo(200);
        assertThat(api.rollouts.calls()).containsExactly("pause kubenode-admin: null", "pause kubenode-admin: null");
    }

    @Test
    void resumeAndUndoActAsTheCaller() throws Exception {
        api.rollouts.set(FakeRolloutControl.pausedByAlice());

        ApiTestServer.Answer resumed = api.curl("admin", "POST", ROUTE + "/resume", null);
        ApiTestServer.Answer undone = api.curl("admin", "POST", ROUTE + "/undo", body("{}"), ApiTestServer.JSON);

        assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);
        assertThat(undone.status()).as(undone.body()).isEqualTo(200);
        assertThat(Documents.json().readTree(undone.body()).path("revision").asLong()).isEqualTo(7);
        assertThat(api.rollouts.calls()).containsExactly("resume kubenode-admin", "undo kubenode-admin");
    }

    @Test
    void eachOutcomeHasItsStatusAndCode() throws Exception {
        api.rollouts.set(FakeRolloutControl.rolling());
        List<String> seen = new java.util.ArrayList<>();
        for (Outcome outcome : List.of(new Outcome.NoRollout("no rollout yet"),
                new Outcome.Refused("the rollout of revision 7 is not paused"),
                new Outcome.NotStored(new ClusterPut.Conflict(7, 8), "revision 8 was stored meanwhile"),
                new Outcome.NotStored(null, "revision 6 no longer compiles: spec.nodes[0]: bad"))) {
            api.rollouts.answer(outcome);
            for (String action : List.of("pause", "resume", "undo")) {
                ApiTestServer.Answer answer = api.curl("admin", "POST", ROUTE + "/" + action, null);
                JsonNode error = Documents.json().readTree(answer.body());
                seen.add(action + " " + answer.status() + " " + error.path("code").asText() + ": "
                        + error.path("message").asText());
            }
        }

        assertThat(seen).containsExactly(
                "pause 404 not_found: no rollout yet", "resume 404 not_found: no rollout yet",
                "undo 404 not_found: no rollout yet",
                "pause 409 conflict: the rollout of revision 7 is not paused",
                "resume 409 conflict: the rollout of revision 7 is not paused",
                "undo 409 conflict: the rollout of revision 7 is not paused",
                "pause 409 conflict: revision 8 was stored meanwhile",
                "resume 409 conflict: revision 8 was stored meanwhile",
                "undo 409 conflict: revision 8 was stored meanwhile",
                "pause 422 invalid: revision 6 no longer compiles: spec.nodes[0]: bad",
                "resume 422 invalid: revision 6 no longer compiles: spec.nodes[0]: bad",
                "undo 422 invalid: revision 6 no longer compiles: spec.nodes[0]: bad");
    }

    @Test
    void badBodiesAre400WithTheFieldAndNothingIsDone() throws Exception {
        api.rollouts.set(FakeRolloutControl.rolling());
        List<String> details = new java.util.ArrayList<>();
        for (String[] request : List.of(
                new String[]{"pause", "{\"reason\": 7}"},
                new String[]{"pause", "{\"reason\": \"" + "x".repeat(RolloutRequestBody.MAX_REASON_CHARS + 1) + "\"}"},
                new String[]{"pause", "{\"reason\": \"two\\nlines\"}"},
                new String[]{"pause", "{\"reason\": \"abc\\u202Efed\"}"},
                new String[]{"pause", "{\"reason\": \"ok\", \"who\": \"root\"}"},
                new String[]{"pause", "[\"reason\"]"},
                new String[]{"pause", "{\"reason\": "},
                new String[]{"resume", "{\"reason\": \"x\"}"},
                new String[]{"undo", "{\"force\": true}"},
                new String[]{"undo", "yes"})) {
            ApiTestServer.Answer answer = api.curl("admin", "POST", ROUTE + "/" + request[0], body(request[1]),
                    ApiTestServer.JSON);
            assertThat(answer.status()).as(answer.body()).isEqualTo(400);
            JsonNode error = Documents.json().readTree(answer.body());
            assertThat(error.path("code").asText()).isEqualTo("bad_request");
            details.add(request[0] + " " + error.path("details").get(0).asText());
        }

        assertThat(details).containsExactly(
                "pause reason: expected a string, got a number",
                "pause reason: longer than 200 characters",
                "pause reason: one line of plain text expected (no control or bidirectional-override characters)",
                "pause reason: one line of plain text expected (no control or bidirectional-override characters)",
                "pause who: unknown field (expected only 'reason')",
                "pause body: expected no body or a JSON object {\"reason\": \"...\"}",
                "pause body: expected no body or a JSON object {\"reason\": \"...\"}",
                "resume reason: unknown field (this route takes none)",
                "undo force: unknown field (this route takes none)",
                "undo body: expected no body or a JSON object without fields ({})");
        assertThat(api.rollouts.calls()).as("nothing reached the rollout").isEmpty();
    }

    @Test
    void onlyAdminsMayReadOrActOnIt() throws Exception {
        api.rollouts.set(FakeRolloutControl.rolling());

        ApiTestServer.Answer read = api.curl("node1-internal", "GET", ROUTE, null);
        ApiTestServer.Answer nobody = api.curl(null, "GET", ROUTE, null);
        List<Integer> actions = new java.util.ArrayList<>();
        for (String action : List.of("pause", "resume", "undo")) {
            actions.add(api.curl("node1-internal", "POST", ROUTE + "/" + action, null).status());
            actions.add(api.curl(null, "POST", ROUTE + "/" + action, null).status());
        }

        assertThat(read.status()).isEqualTo(403);
        assertThat(read.body()).contains("\"code\":\"forbidden\"").doesNotContain("node2.internal");
        assertThat(nobody.status()).isEqualTo(401);
        assertThat(actions).containsExactly(403, 401, 403, 401, 403, 401);
        assertThat(api.rollouts.calls()).isEmpty();
    }

    @Test
    void allAtOnceStoresTheRevisionAndSaysSoInTheAudit() throws Exception {
        long current = api.store.currentCluster().orElseThrow().resourceVersion();
        Path changed = body(Files.readString(SeedCluster.exampleFile()).replace(
                "{name: node2.internal, address: 192.168.0.62, role: control-plane}",
                "{name: node2.internal, address: 192.168.0.62, role: control-plane, packages: [tmux]}"));

        ApiTestServer.Answer answer = api.curl("admin", "PUT", "/api/v1/cluster?resourceVersion=" + current
                + "&rollout=all-at-once", changed, "Content-Type: application/yaml");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(api.store.currentCluster().orElseThrow().resourceVersion()).isEqualTo(current + 1);
        List<AuditEntry> audit = api.store.audit(1);
        assertThat(audit.get(0).who()).isEqualTo("kubenode-admin");
        assertThat(audit.get(0).summary()).contains("cluster document stored all at once");
    }

    @Test
    void anotherRolloutValueIs400NamingTheParameterAndStoresNothing() throws Exception {
        long current = api.store.currentCluster().orElseThrow().resourceVersion();
        List<String> refusals = new java.util.ArrayList<>();
        for (String query : List.of("rollout=all", "rollout=", "rollout=ALL-AT-ONCE",
                "rollout=all-at-once&rollout=all-at-once")) {
            ApiTestServer.Answer answer = api.curl("admin", "PUT", "/api/v1/cluster?resourceVersion=" + current
                    + "&" + query, SeedCluster.exampleFile(), "Content-Type: application/yaml");
            JsonNode error = Documents.json().readTree(answer.body());
            refusals.add(answer.status() + " " + error.path("code").asText() + " "
                    + error.path("details").get(0).asText());
        }

        assertThat(refusals).containsOnly("400 bad_request rollout: expected all-at-once (or no rollout parameter)");
        assertThat(refusals).hasSize(4);
        assertThat(api.store.currentCluster().orElseThrow().resourceVersion()).isEqualTo(current);
    }

    private Path body(String text) throws Exception {
        return Files.writeString(Files.createTempFile(dir, "rollout", ".json"), text);
    }
}
