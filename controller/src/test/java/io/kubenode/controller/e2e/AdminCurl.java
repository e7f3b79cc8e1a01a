package io.kubenode.controller.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.document.Documents;
import io.kubenode.controller.init.InitLayout;
import io.kubenode.controller.realcheck.ExternalCommand;
import io.kubenode.controller.rollout.RolloutStatus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The controller's admin API through curl (an independent TLS client, fast enough to sample a rollout several times a
 * second, which a kubenodectl JVM per call is not), with the admin certificate init wrote.
 */
public final class AdminCurl {
    private final String url;
    private final InitLayout layout;

    public AdminCurl(ControllerFixture controller) {
        this.url = controller.url();
        this.layout = new InitLayout(controller.dataDir());
    }

    /** {@code GET /api/v1/rollout}: empty on 404 (no rollout yet). */
    public Optional<RolloutStatus> rollout() {
        Answer answer = request("GET", "/api/v1/rollout");
        if (answer.status() == 404) {
            return Optional.empty();
        }
        answer.requireOk();
        try {
            return Optional.of(Documents.json().readValue(answer.body(), RolloutStatus.class));
        } catch (IOException e) {
            throw new AssertionError("GET /api/v1/rollout answered what does not parse as RolloutStatus: " + e
                    + "\n" + answer.body(), e);
        }
    }

    /** {@code GET /api/v1/cluster}'s resourceVersion: the current revision. */
    long resourceVersion() {
        Answer answer = request("GET", "/api/v1/cluster");
        answer.requireOk();
        try {
            return Documents.json().readTree(answer.body()).path("resourceVersion").asLong();
        } catch (IOException e) {
            throw new AssertionError("GET /api/v1/cluster: " + e, e);
        }
    }

    /** {@code GET /api/v1/audit?limit=N}, oldest first, one "AT WHO ACTION OBJECT SUMMARY" line per entry. */
    List<String> audit(int limit) {
        Answer answer = request("GET", "/api/v1/audit?limit=" + limit);
        answer.requireOk();
        try {
            List<String> lines = new ArrayList<>();
            for (JsonNode entry : Documents.json().readTree(answer.body()).path("items")) {
                lines.add(0, entry.path("at").asText() + " " + entry.path("who").asText() + " "
                        + entry.path("action").asText() + " " + entry.path("object").asText() + " "
                        + entry.path("summary").asText());
            }
            return lines;
        } catch (IOException e) {
            throw new AssertionError("GET /api/v1/audit: " + e + "\n" + answer.body(), e);
        }
    }

    /** {@code GET /api/v1/nodes/NAME}: the state its agent last reported for resource {@code id}, if it did. */
    Optional<String> resourceState(String node, String id) {
        return Optional.ofNullable(resourceStates(node).get(id));
    }

    /** {@code GET /api/v1/nodes/NAME}: every resource of its agent's last report with its state, in catalog order. */
    public Map<String, String> resourceStates(String node) {
        Answer answer = request("GET", "/api/v1/nodes/" + node);
        answer.requireOk();
        try {
            Map<String, String> states = new LinkedHashMap<>();
            for (JsonNode resource : Documents.json().readTree(answer.body()).path("status").path("resources")) {
                states.put(resource.path("id").asText(), resource.path("state").asText());
            }
            return states;
        } catch (IOException e) {
            throw new AssertionError("GET /api/v1/nodes/" + node + ": " + e + "\n" + answer.body(), e);
        }
    }

    /** {@code GET /api/v1/nodes}: each node's desired (compiled) catalog generation. */
    Map<String, Long> desiredGenerations() {
        Answer answer = request("GET", "/api/v1/nodes");
        answer.requireOk();
        try {
            JsonNode tree = Documents.json().readTree(answer.body());
            JsonNode items = tree.isArray() ? tree : tree.path("items");
            Map<String, Long> generations = new LinkedHashMap<>();
            for (JsonNode node : items) {
                generations.put(node.path("name").asText(), node.path("desiredGeneration").asLong());
            }
            return generations;
        } catch (IOException e) {
            throw new AssertionError("GET /api/v1/nodes: " + e + "\n" + answer.body(), e);
        }
    }

    /** Any request; its status and body. */
    Answer request(String method, String path) {
        List<String> argv = new ArrayList<>(List.of(ExternalCommand.require("curl"), "-sS", "--max-time", "10",
                "-X", method, "-w", "\n%{http_code}", "--cacert", layout.caCertificate().toString(), "--cert",
                layout.adminCertificate().toString(), "--key", layout.adminKey().toString(), url + path));
        try {
            ExternalCommand.Result result = ExternalCommand.run(argv);
            if (result.exitCode() != 0) {
                throw new AssertionError(result.describe());
            }
            String out = result.stdout();
            int newline = out.lastIndexOf('\n');
            return new Answer(method + " " + path, Integer.parseInt(out.substring(newline + 1).strip()),
                    out.substring(0, Math.max(0, newline)));
        } catch (IOException e) {
            throw new AssertionError("cannot run curl: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    record Answer(String request, int status, String body) {
        void requireOk() {
            if (status != 200) {
                throw new AssertionError(request + " answered " + status + ": " + body);
            }
        }
    }
}
