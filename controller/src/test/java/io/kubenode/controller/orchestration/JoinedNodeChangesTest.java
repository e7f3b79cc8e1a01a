package io.kubenode.controller.orchestration;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.controller.api.OrchestrationRecords;
import io.kubenode.controller.compiler.SeedCluster;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which document changes a joined node refuses (table of cases over the seed's five nodes). */
class JoinedNodeChangesTest {
    private final Cluster seed = SeedCluster.load();
    private final Optional<OrchestrationRecord> ready = Optional.of(OrchestrationRecords.ready(Instant.now()));

    @Test
    void removingTwoJoinedControlPlanesInOneRevisionIsRefused() {
        assertThat(JoinedNodeChanges.refusals(Optional.of(seed), without("node1.internal", "node2.internal"), ready))
                .containsExactly("spec.nodes: node1.internal, node2.internal: this revision removes 2 joined control "
                        + "planes; remove one per revision (each removal changes etcd's membership and quorum)");
    }

    @Test
    void removingOneJoinedControlPlaneWhoseRemainingMembersKeepQuorumIsAccepted() {
        OrchestrationRecord threeReady = withNode3(NodePhase.Ready);

        assertThat(JoinedNodeChanges.refusals(Optional.of(seed), without("node2.internal"), Optional.of(threeReady)))
                .isEmpty();
    }

    @Test
    void removingAHealthyControlPlaneWhileAnotherIsNotReadyIsRefusedForQuorum() {
        OrchestrationRecord node3Unhealthy = withNode3(NodePhase.Joined);

        assertThat(JoinedNodeChanges.refusals(Optional.of(seed), without("node2.internal"),
                Optional.of(node3Unhealthy))).containsExactly("spec.nodes: node2.internal: removing it would leave 2 "
                + "etcd members (node1.internal, node3.internal) of which 1 (node1.internal) is Ready; etcd needs 2 "
                + "for quorum. Bring the others back to Ready first");
    }

    @Test
    void removingTheUnhealthyControlPlaneItselfIsAccepted() {
        OrchestrationRecord node3Unhealthy = withNode3(NodePhase.Joined);

        assertThat(JoinedNodeChanges.refusals(Optional.of(seed), without("node3.internal"),
                Optional.of(node3Unhealthy))).isEmpty();
    }

    @Test
    void theLastJoinedControlPlaneIsNeverRemoved() {
        assertThat(JoinedNodeChanges.refusals(Optional.of(seed), without("node2.internal"),
                Optional.of(onlyNode2Joined()))).containsExactly("spec.nodes: node2.internal: is the last joined "
                + "control plane; removing it would end the cluster (its etcd holds all of the cluster's state)");
    }

    @Test
    void aSecondControlPlaneWaitsUntilTheFirstHasLeftAndALeavingNameCannotComeBack() {
        OrchestrationRecord leaving = withNode3(NodePhase.Ready).withDepartures(java.util.Map.of("node3.internal",
                new Departure(node("node3.internal"), 1, "t", DepartureStep.RemovingMember, "t", "node1.internal",
                        "released")));

        assertThat(JoinedNodeChanges.refusals(Optional.of(without("node3.internal")),
                without("node3.internal", "node2.internal"), Optional.of(leaving))).containsExactly("spec.nodes: "
                + "node2.internal: control planes leave one at a time and node3.internal is still leaving; remove the "
                + "next once it has left");
        assertThat(JoinedNodeChanges.refusals(Optional.of(without("node3.internal")), seed, Optional.of(leaving)))
                .containsExactly("spec.nodes: node3.internal: is still leaving the cluster (RemovingMember); add it "
                        + "again once it has left (kubenodectl get cluster shows the removal)");
    }

    @Test
    void changingTheRoleOfAJoinedNodeIsRefused() {
        String text = SeedCluster.exampleText().replace("{name: node2.internal, address: 192.168.0.62, role: "
                + "control-plane}", "{name: node2.internal, address: 192.168.0.62, role: worker}");

        assertThat(JoinedNodeChanges.refusals(Optional.of(seed), SeedCluster.parse(text), ready)).containsExactly(
                "spec.nodes: node2.internal: changing the role of a joined node (control-plane to worker) is not "
                        + "supported; remove it from the document (kubenode drains and resets it), then add it again "
                        + "with its new role once it has left");
    }

    @Test
    void controlPlanesNotJoinedYetAndWorkersMayGo() {
        assertThat(JoinedNodeChanges.refusals(Optional.of(seed), without("node3.internal", "node4.internal",
                "node5.internal"), ready)).isEmpty();
    }

    @Test
    void withoutARecordOrAPreviousDocumentNothingIsRefused() {
        assertThat(JoinedNodeChanges.refusals(Optional.of(seed), without("node1.internal"), Optional.empty()))
                .isEmpty();
        assertThat(JoinedNodeChanges.refusals(Optional.empty(), without("node1.internal"), ready)).isEmpty();
    }

    /** The ready record with node1 Ready and node3 joined too, in {@code phase}. */
    private OrchestrationRecord withNode3(NodePhase phase) {
        OrchestrationRecord record = ready.get();
        java.util.Map<String, NodeRecord> nodes = new java.util.LinkedHashMap<>(record.nodes());
        NodeRecord node2 = nodes.get("node2.internal");
        NodeRecord node1 = nodes.get("node1.internal");
        nodes.put("node1.internal", new NodeRecord(NodePhase.Ready, node1.phaseSince(), "ready", node1.released(), 1,
                null, null, node1.joinedAt()));
        nodes.put("node3.internal", new NodeRecord(phase, node2.phaseSince(), phase.name(), node2.released(), 1, null,
                null, node2.joinedAt()));
        return new OrchestrationRecord(record.phase(), record.phaseSince(), record.message(),
                record.phaseEnteredAt(), nodes, record.token());
    }

    /** Only node2 joined (node1 never did). */
    private OrchestrationRecord onlyNode2Joined() {
        OrchestrationRecord record = ready.get();
        java.util.Map<String, NodeRecord> nodes = new java.util.LinkedHashMap<>(record.nodes());
        nodes.put("node1.internal", NodeRecord.pending("t"));
        return new OrchestrationRecord(record.phase(), record.phaseSince(), record.message(),
                record.phaseEnteredAt(), nodes, record.token());
    }

    private io.kubenode.common.cluster.NodeSpec node(String name) {
        return seed.spec().nodes().stream().filter(each -> each.name().equals(name)).findFirst().orElseThrow();
    }

    private Cluster without(String... names) {
        String text = SeedCluster.exampleText();
        for (String name : names) {
            text = text.replaceAll("  - \\{name: " + name.replace(".", "\\.") + "[^\n]*\n", "");
        }
        return SeedCluster.parse(text);
    }
}
