package io.kubenode.controller.cli.admin;

import io.kubenode.controller.api.OrchestrationRecords;
import io.kubenode.controller.cli.KubenodectlRunner;
import io.kubenode.controller.orchestration.NodePhase;
import io.kubenode.controller.orchestration.NodeRecord;
import io.kubenode.controller.orchestration.OrchestrationRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What kubenodectl shows of the orchestration (get cluster, its watch, get nodes, describe node) and the refusal
 * of a document that removes a joined control plane, against a real controller whose record a test sets.
 */
class KubenodectlOrchestrationTest extends WithController {
    private Instant start;

    @BeforeEach
    void applyTheExample() throws Exception {
        KubenodectlRunner.Run applied = ctl("apply", "-f", write("cluster.yaml", example()).toString());
        assertThat(applied.exitCode()).as(applied.stderr()).isZero();
        start = Instant.now().minusSeconds(400);
    }

    @Test
    void getClusterShowsThePhaseItsMessageAndHowLongEachPhaseTook() throws Exception {
        controller.orchestration().set(OrchestrationRecords.joiningControlPlanes(start));

        KubenodectlRunner.Run table = ctl("get", "cluster");
        KubenodectlRunner.Run json = ctl("get", "cluster", "-o", "json");

        assertThat(table.exitCode()).as(table.stderr()).isZero();
        List<String> lines = table.stdout().lines().toList();
        assertThat(lines.get(0)).matches("NAME +RESOURCE-VERSION +PHASE +ELAPSED +MESSAGE");
        assertThat(lines.get(1)).matches("lab +1 +JoiningControlPlanes +2m5\\ds +joining node2\\.internal \\(2/3 "
                + "control planes\\)");
        assertThat(lines.get(3)).matches("STEP +STARTED +ELAPSED");
        assertThat(lines.subList(4, lines.size())).hasSize(6);
        assertThat(lines.get(4)).matches("WaitingForNodes +" + start.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                + " +30s");
        assertThat(lines.get(5)).matches("Preparing +\\S+ +2m");
        assertThat(lines.get(6)).matches("Preflight +\\S+ +2s");
        assertThat(lines.get(7)).matches("Initializing +\\S+ +1m");
        assertThat(lines.get(8)).matches("InstallingNetwork +\\S+ +18s");
        assertThat(lines.get(9)).matches("JoiningControlPlanes +\\S+ +2m5\\ds \\(running\\)");
        assertThat(json.stdout()).contains("\"resourceVersion\" : 1", "\"orchestration\" : {",
                "\"phase\" : \"JoiningControlPlanes\"", "\"lastFailure\" : \"kubeadm join exited 1")
                .doesNotContain(OrchestrationRecords.TOKEN_SECRET, OrchestrationRecords.KEY_BODY);
    }

    @Test
    void watchPrintsEachTransitionWithTheTimeThePreviousPhaseTookUntilReady() throws Exception {
        controller.orchestration().set(OrchestrationRecords.joiningControlPlanes(start));
        CompletableFuture<KubenodectlRunner.Run> watch = CompletableFuture.supplyAsync(
                () -> ctl("get", "cluster", "--until-ready", "--timeout", "30s"));
        Thread.sleep(2500);
        controller.orchestration().set(OrchestrationRecords.ready(start));

        KubenodectlRunner.Run run = watch.get(60, TimeUnit.SECONDS);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        List<String> lines = run.stdout().lines().toList();
        assertThat(lines.get(0)).matches("TIME +PHASE +ELAPSED +PREVIOUS +MESSAGE");
        assertThat(lines.get(1)).matches("\\S+ +JoiningControlPlanes +2m5\\ds +InstallingNetwork took 18s +joining "
                + "node2\\.internal \\(2/3 control planes\\)");
        // the phases between two polls each get their line, at the time they were entered
        assertThat(lines.get(2)).matches(start.plusSeconds(400).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .toString().substring(0, 0) + "\\S+ +JoiningWorkers +1m40s +JoiningControlPlanes took 2m50s *");
        assertThat(lines.get(3)).matches("\\S+ +Verifying +10s +JoiningWorkers took 1m40s *");
        assertThat(lines.get(4)).matches("\\S+ +Ready +\\d+s +Verifying took 10s +every node Ready");
        assertThat(lines.get(5)).isEqualTo("the cluster is Ready");
    }

    @Test
    void watchUntilReadyEndsWithExit1WhenTheOrchestrationFails() {
        OrchestrationRecord joining = OrchestrationRecords.joiningControlPlanes(start);
        controller.orchestration().set(new OrchestrationRecord(io.kubenode.controller.orchestration.ClusterPhase.Failed,
                start.plusSeconds(390).toString(), "node2.internal: even control-plane count", Map.of("Failed",
                start.plusSeconds(390).toString()), joining.nodes(), null));

        KubenodectlRunner.Run run = ctl("get", "cluster", "--until-ready", "--timeout", "10s");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("error: the orchestration stopped at Failed: node2.internal: even "
                + "control-plane count");
    }

    @Test
    void getNodesHasAPhaseColumnAndDescribeNodeAnOrchestrationCondition() {
        KubenodectlRunner.Run before = ctl("get", "nodes");
        controller.orchestration().set(OrchestrationRecords.joiningControlPlanes(start));

        KubenodectlRunner.Run nodes = ctl("get", "nodes");
        KubenodectlRunner.Run describe = ctl("describe", "node", "node2.internal");

        assertThat(before.stdout()).containsPattern("NAME +ROLE +PHASE +ADDRESS")
                .containsPattern("node2\\.internal +control-plane +- +192\\.168\\.0\\.62");
        assertThat(nodes.stdout()).containsPattern("node1\\.internal +control-plane +Joined +192\\.168\\.0\\.61")
                .containsPattern("node2\\.internal +control-plane +Joining +192\\.168\\.0\\.62")
                .containsPattern("node5\\.internal +worker +Pending +192\\.168\\.0\\.65");
        assertThat(describe.exitCode()).as(describe.stderr()).isZero();
        assertThat(describe.stdout()).contains("Phase:         Joining\n", "Orchestration:\n",
                "  Step:          kubeadm join, attempt 2, released " + start.plusSeconds(300)
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ", 1m4",
                "  Attempts:      2\n", "  Joined:        no\n", "  Last failure:\n",
                "    kubeadm join exited 1 after 12.3 s; last output:\n",
                "    error execution phase preflight: couldn't validate the identity of the API Server: token "
                        + "abcdef.<redacted> not found\n", "    (private key redacted)\n")
                .doesNotContain(OrchestrationRecords.TOKEN_SECRET, OrchestrationRecords.KEY_BODY);
        assertThat(describe.stdout()).containsPattern("Orchestration +Unknown +Joining +\\d+[sm] +joining the control "
                + "plane, attempt 2");
    }

    @Test
    void applyRefusesARemovalThatWouldCostEtcdItsQuorumButLetsAWorkerGo() throws Exception {
        controller.orchestration().set(OrchestrationRecords.ready(start));
        // node2 Ready, node1 joined but not Ready, node3 not joined yet: node2 going would leave only node1, unhealthy
        String withoutNode2 = example().replaceAll("  - \\{name: node[23]\\.internal[^\n]*\n", "");
        String withoutNode5 = example().replaceAll("  - \\{name: node5\\.internal[^\n]*\n", "");

        KubenodectlRunner.Run refused = ctl("apply", "-f", write("without-node2.yaml", withoutNode2).toString());
        KubenodectlRunner.Run worker = ctl("apply", "-f", write("without-node5.yaml", withoutNode5).toString());

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).contains("error: the controller answered 422 unsupported_change: ",
                "spec.nodes: node2.internal: removing it would leave 1 etcd member (node1.internal) of which none "
                        + "is Ready; etcd needs 1 for quorum. Bring the others back to Ready first")
                .doesNotContain("node3.internal");
        assertThat(worker.exitCode()).as(worker.stderr()).isZero();
        assertThat(controller.store().clusterHistory()).hasSize(2);
        assertThat(controller.store().clusterHistory().get(1).text()).isEqualTo(withoutNode5);
    }

    @Test
    void nodeForgetAsksForYesAndRefusesANodeThatIsNotLeaving() throws Exception {
        ctl("apply", "-f", write("cluster.yaml", example()).toString());

        KubenodectlRunner.Run withoutYes = ctl("node", "forget", "node5.internal");
        KubenodectlRunner.Run notLeaving = ctl("node", "forget", "node5.internal", "--yes");

        assertThat(withoutYes.exitCode()).isEqualTo(1);
        assertThat(withoutYes.stderr()).contains("error: forget would skip node5.internal's drain and kubeadm reset",
                "add --yes to do it");
        assertThat(notLeaving.exitCode()).isEqualTo(1);
        assertThat(notLeaving.stderr()).contains("404", "node node5.internal is not leaving the cluster");
    }

    @Test
    void applyRefusesToChangeTheRoleOfAJoinedNodeButNotOfOneNotJoinedYet() throws Exception {
        OrchestrationRecord ready = OrchestrationRecords.ready(start);
        Map<String, NodeRecord> nodes = new LinkedHashMap<>(ready.nodes());
        nodes.put("node5.internal", new NodeRecord(NodePhase.Joined, start.toString(), "joined", null, 1, null, null,
                start.toString()));
        controller.orchestration().set(new OrchestrationRecord(ready.phase(), ready.phaseSince(), ready.message(),
                ready.phaseEnteredAt(), nodes, null));
        String node4ControlPlane = example().replace("{name: node4.internal, address: 192.168.0.64, role: worker}",
                "{name: node4.internal, address: 192.168.0.64, role: control-plane}");
        // node4 and node5 both become control planes (five, an odd count); node5 is joined as a worker
        String node5ControlPlane = node4ControlPlane.replace(
                "{name: node5.internal, address: 192.168.0.65, role: worker}",
                "{name: node5.internal, address: 192.168.0.65, role: control-plane}");
        // node3 (control plane) and node4 (worker) swap roles: neither is joined in the record
        String swapped = node4ControlPlane.replace("{name: node3.internal, address: 192.168.0.63, role: "
                + "control-plane}", "{name: node3.internal, address: 192.168.0.63, role: worker}");

        KubenodectlRunner.Run refused = ctl("apply", "-f", write("node5-cp.yaml", node5ControlPlane).toString());

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).contains("spec.nodes: node5.internal: changing the role of a joined node "
                + "(worker to control-plane) is not supported").doesNotContain("node4.internal:");
        assertThat(controller.store().clusterHistory()).hasSize(1);
        KubenodectlRunner.Run accepted = ctl("apply", "-f", write("swapped.yaml", swapped).toString());
        assertThat(accepted.exitCode()).as(accepted.stderr()).isZero();
        assertThat(controller.store().clusterHistory()).hasSize(2);
    }
}
