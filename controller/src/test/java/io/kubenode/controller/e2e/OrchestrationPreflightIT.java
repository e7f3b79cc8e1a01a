package io.kubenode.controller.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.agent.kubeadm.simulator.SimulatorExecutables;
import io.kubenode.controller.compiler.SeedCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A preflight failure retrying cannot fix stops the bring-up before any kubeadm step: two of the seed's machines
 * with the same product_uuid (a cloned VM) make the cluster Failed and the node PreflightFailed, the message naming
 * the node, the check and the fact, and kubeadm never runs (the simulator's event log stays empty).
 */
class OrchestrationPreflightIT {
    @TempDir
    Path work;

    private ControllerFixture controller;
    private final List<AgentProcess> agents = new ArrayList<>();

    @AfterEach
    void tearDown() {
        agents.forEach(AgentProcess::close);
        if (controller != null) {
            controller.close();
        }
    }

    @Test
    void aDuplicateProductUuidStopsTheBringUpAtPreflightWithTheNodeTheCheckAndTheFact() throws Exception {
        Path clusterDir = Files.createDirectories(work.resolve("simulated-cluster"));
        SimulatorExecutables.Paths simulator = SimulatorExecutables.writeTo(Files.createDirectories(
                work.resolve("bin")));
        controller = ControllerFixture.initAndServe(work.resolve("controller"));
        Path clusterFile = work.resolve("cluster.yaml");
        Files.writeString(clusterFile, SeedCluster.exampleText().replace("192.168.0.6", "127.0.1.6").lines()
                .filter(line -> !line.contains("node2.internal") && !line.contains("node3.internal")
                        && !line.contains("node5.internal"))
                .reduce("", (text, line) -> text + line + "\n"));
        // node4 is a clone of node1: the same product_uuid (hardware index 61 for both).
        for (String name : List.of("node1.internal", "node4.internal")) {
            SandboxNode node = controller.enrolledNode(work.resolve(name), name).withHardware(2, 4096, 61);
            agents.add(node.runWithSimulator(simulator.kubeadm(), simulator.kubectl(),
                    "127.0.1.6" + name.charAt(4), clusterDir));
        }
        controller.kubenodectl().apply(clusterFile);

        await("the bring-up to stop at preflight").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> "Failed".equals(controller.kubenodectl().orchestration().path("phase").asText()));
        JsonNode orchestration = controller.kubenodectl().orchestration();
        assertThat(orchestration.path("message").asText()).as(orchestration.toString())
                .contains("UniqueProductUUID").contains("4c4c4544-0000-4000-8000-000000000061")
                .contains("node4.internal");
        List<String> preflightFailed = new ArrayList<>();
        for (JsonNode node : orchestration.path("nodes")) {
            if (node.path("phase").asText().equals("PreflightFailed")) {
                preflightFailed.add(node.path("name").asText());
            }
        }
        assertThat(preflightFailed).as(orchestration.toString()).isNotEmpty();
        assertThat(controller.kubenodectl().run("describe", "node", preflightFailed.get(0)))
                .contains("PreflightFailed").contains("UniqueProductUUID");
        assertThat(clusterDir.resolve("events")).as("kubeadm never ran").doesNotExist();
        assertThat(controller.kubenodectl().audit(1000)).as("no kubeadm step was released")
                .doesNotContain("orchestration.step.release");
    }
}
