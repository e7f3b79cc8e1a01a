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
 * Preflight failures. One retrying cannot fix stops the bring-up before any kubeadm step: two of the seed's machines
 * with the same product_uuid (a cloned VM) make the cluster Failed and the node PreflightFailed, the message naming
 * the node, the check and the fact, and kubeadm never runs (the simulator's event log stays empty).
 */
class OrchestrationPreflightIT {
    @TempDir
    Path work;

    private ControllerFixture controller;
    private final List<AgentProcess> agents = new ArrayList<>();
    private OrchestratedCluster cluster;

    @AfterEach
    void tearDown() {
        agents.forEach(AgentProcess::close);
        if (controller != null) {
            controller.close();
        }
        if (cluster != null) {
            cluster.close();
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

    /**
     * Swap turned on behind the agent's back on a worker (a swap unit, a zram device) just before its join: kubeadm's
     * own Swap check fails. The worker is PreflightFailed with the node, the check and kubeadm's words while the
     * control plane is not held back; the agent turns the swap off again (drift), and the join's retry succeeds.
     */
    @Test
    void kubeadmsSwapCheckFailingOnAWorkerMakesItPreflightFailedUntilTheAgentTurnedSwapOffAndTheRetryJoins()
            throws Exception {
        String worker = "node4.internal";
        cluster = OrchestratedCluster.of(work, List.of("node1.internal", worker), false);
        Files.writeString(cluster.clusterDir().resolve("faults"), worker + " preflight-join swap-on\n");
        cluster.applyAndStartHaproxy();

        await("node4 to be PreflightFailed").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                .until(() -> orchestrationNode(worker).path("phase").asText().equals("PreflightFailed"));
        JsonNode failed = orchestrationNode(worker);
        assertThat(failed.path("message").asText()).as(failed.toString())
                .contains("preflight checks failed: Swap: running with swap on is not supported. Please disable swap")
                .contains("attempt 2 not before");
        assertThat(cluster.controller().kubenodectl().run("describe", "node", worker)).contains("PreflightFailed")
                .contains("Swap: running with swap on is not supported");
        assertThat(orchestrationNode("node1.internal").path("joinedAt").asText()).as("the control plane went on")
                .isNotEmpty();

        cluster.awaitReady("the cluster after node4's retry", Duration.ofMinutes(3));
        assertThat(Files.readString(cluster.node(worker).file("/proc/swaps"))).as("the agent turned it off")
                .doesNotContain("/swap.img");
        assertThat(cluster.controller().metrics().value("kubenode_controller_orchestration_step_retries_total",
                java.util.Map.of("step", "join-worker"))).isEqualTo(1.0);
        assertThat(cluster.simulatorEvents()).filteredOn(event -> event.node().equals(worker)
                        && event.step().equals("join-worker")).extracting(OrchestratedCluster.SimulatorEvent::what)
                .containsExactly("started", "failed", "started", "succeeded");
        assertThat(orchestrationNode(worker).path("phase").asText()).isEqualTo("Ready");
    }

    private JsonNode orchestrationNode(String name) {
        for (JsonNode node : cluster.controller().kubenodectl().orchestration().path("nodes")) {
            if (node.path("name").asText().equals(name)) {
                return node;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
