package io.kubenode.controller.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kubenode.common.document.Documents;
import io.kubenode.common.status.NodeSummary;
import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.realcheck.ExternalCommand;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** deploy/bin/kubenodectl with {@code --config} the admin config of the controller under test. */
public final class Kubenodectl {
    private static final Path LAUNCHER = SeedCluster.repositoryRoot().resolve("deploy/bin/kubenodectl");

    /** {@code get nodes -o json}. */
    public record NodeList(List<NodeSummary> items) {
    }

    private final Path config;

    Kubenodectl(Path config) {
        this.config = config;
    }

    /** {@code apply -f FILE}; its stdout (which generations changed). */
    public String apply(Path clusterFile) {
        return succeed("apply", "-f", clusterFile.toString()).stdout();
    }

    /** {@code token create --node NODE} (one use, 1 h): the token, id.secret. */
    public String createToken(String node) {
        return succeed("token", "create", "--node", node).stdout().strip();
    }

    public List<NodeSummary> nodes() {
        String json = succeed("get", "nodes", "-o", "json").stdout();
        try {
            return Documents.json().readValue(json, NodeList.class).items();
        } catch (JsonProcessingException e) {
            throw new AssertionError("get nodes -o json printed what does not parse: " + e + "\n" + json, e);
        }
    }

    public NodeSummary node(String name) {
        return nodes().stream().filter(node -> node.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("get nodes does not list " + name));
    }

    /** {@code audit --limit N}: the audit table, newest first. */
    String audit(int limit) {
        return succeed("audit", "--limit", Integer.toString(limit)).stdout();
    }

    /** Any verb that must succeed; its stdout. */
    public String run(String... arguments) {
        return succeed(arguments).stdout();
    }

    /** Any verb, whatever its exit code; its exit code, stdout and stderr as text. */
    public String output(String... arguments) {
        List<String> argv = new ArrayList<>(List.of(LAUNCHER.toString()));
        argv.addAll(List.of(arguments));
        argv.addAll(List.of("--config", config.toString()));
        try {
            return ExternalCommand.run(argv).describe();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + argv + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + argv, e);
        }
    }

    /** The {@code orchestration} of {@code get cluster -o json} (a missing node before the first decision). */
    public com.fasterxml.jackson.databind.JsonNode orchestration() {
        String json = succeed("get", "cluster", "-o", "json").stdout();
        try {
            return Documents.json().readTree(json).path("orchestration");
        } catch (JsonProcessingException e) {
            throw new AssertionError("get cluster -o json printed what does not parse: " + e + "\n" + json, e);
        }
    }

    /** {@code node revoke NODE}; its stdout. */
    String revoke(String node) {
        return succeed("node", "revoke", node).stdout();
    }

    private ExternalCommand.Result succeed(String... arguments) {
        List<String> argv = new ArrayList<>(List.of(LAUNCHER.toString()));
        argv.addAll(List.of(arguments));
        argv.addAll(List.of("--config", config.toString()));
        try {
            ExternalCommand.Result result = ExternalCommand.run(argv);
            if (result.exitCode() != 0) {
                throw new AssertionError(result.describe());
            }
            return result;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + argv + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + argv, e);
        }
    }
}
