package io.kubenode.controller.orchestration;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.NodeSpec;
import io.kubenode.common.status.NodeStatus;
import io.kubenode.common.status.ResourceStatus;
import io.kubenode.controller.orchestration.preflight.PreflightFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Day-2 removal in the decision: a Ready seed cluster whose next revision drops node3 (a control plane) and node5 (a
 * worker). Each departure moves one step when the agent acting in it reports the step's resource in sync on its
 * current catalog, and is dropped from the record after the last.
 */
class DeparturesTest {
    private static final String CP = "node3.internal";
    private static final String WORKER = "node5.internal";
    private static final String EXECUTOR = "node1.internal";

    private BringUpSimulator sim;

    @BeforeEach
    void readyClusterThatDropsAControlPlaneAndAWorker() {
        sim = BringUpSimulator.seed();
        sim.apiReady = Optional.of(Set.copyOf(sim.nodeNames()));
        sim.untilPhase(ClusterPhase.Ready);
        Cluster before = sim.cluster;
        sim.cluster = without(before, CP, WORKER);
        Map<String, Departure> departures = DepartureStart.of(sim.record, before, sim.cluster, 1,
                sim.now.toString());
        sim.record = sim.record.withDepartures(departures);
        sim.apiReady = Optional.of(Set.of("node1.internal", "node2.internal", "node4.internal"));
    }

    @Test
    void aRevisionDroppingJoinedNodesStartsTheirDeparturesFromTheFirstReadyControlPlane() {
        assertThat(sim.record.departures().keySet()).containsExactly(CP, WORKER);
        assertThat(sim.record.departures().values()).allSatisfy(departure -> {
            assertThat(departure.step()).isEqualTo(DepartureStep.Draining);
            assertThat(departure.executor()).isEqualTo(EXECUTOR);
            assertThat(departure.revision()).isEqualTo(1);
        });
    }

    @Test
    void aControlPlaneIsDrainedLosesItsMemberIsResetAndItsNodeObjectGoesLast() {
        List<String> path = new ArrayList<>();
        for (int round = 0; round < 12 && sim.record.departures().containsKey(CP); round++) {
            Departure departure = sim.record.departure(CP);
            path.add(departure.step().name());
            reportCurrent(departure, StatusView.IN_SYNC);
            Decision decision = decideWithTheOthersReporting();
            if (decision.next().departure(CP) == null || decision.next().departure(CP).step() != departure.step()) {
                assertThat(decision.changedNodes()).as("after " + departure.step()).contains(CP, EXECUTOR);
            }
        }

        assertThat(path).containsExactly("Draining", "RemovingMember", "Resetting", "DeletingNode");
        assertThat(sim.record.departures()).doesNotContainKey(CP);
        assertThat(sim.eventsNamed("departure.done")).extracting(OrchestrationEvent::node).contains(CP);
    }

    @Test
    void aWorkerSkipsTheEtcdMember() {
        List<String> path = new ArrayList<>();
        for (int round = 0; round < 12 && sim.record.departures().containsKey(WORKER); round++) {
            Departure departure = sim.record.departure(WORKER);
            path.add(departure.step().name());
            reportCurrent(departure, StatusView.IN_SYNC);
            decideWithTheOthersReporting();
        }

        assertThat(path).containsExactly("Draining", "Resetting", "DeletingNode");
    }

    @Test
    void aFailedStepHoldsTheDepartureThereAndTheClusterMessageSaysWhy() {
        Departure draining = sim.record.departure(CP);
        report(EXECUTOR, "drain:" + CP, ResourceStatus.FAILED, "kubectl drain exited 1: not every pod left");

        Decision decision = decideWithTheOthersReporting();

        assertThat(decision.next().departure(CP).step()).isEqualTo(DepartureStep.Draining);
        assertThat(decision.next().departure(CP).stepSince()).isEqualTo(draining.stepSince());
        assertThat(decision.next().departure(CP).message()).isEqualTo("node1.internal: drain:node3.internal failed "
                + "(kubectl drain exited 1: not every pod left)");
        assertThat(decision.next().message()).contains("; removing node3.internal (Draining: node1.internal: "
                + "drain:node3.internal failed");
    }

    @Test
    void aStatusOlderThanTheExecutorsCatalogDoesNotMoveTheStep() {
        report(EXECUTOR, "drain:" + CP, StatusView.IN_SYNC, null);
        sim.generations.merge(EXECUTOR, 1L, Long::sum);

        Decision decision = sim.decide();

        assertThat(decision.next().departure(CP).step()).isEqualTo(DepartureStep.Draining);
        assertThat(decision.next().departure(CP).message()).startsWith("waits for node1.internal to apply");
    }

    @Test
    void anExecutorThatLeavesTheDocumentIsReplacedByTheNextJoinedControlPlane() {
        Cluster withoutExecutor = without(sim.cluster, EXECUTOR);
        sim.cluster = withoutExecutor;

        Decision decision = decideWithTheOthersReporting();

        assertThat(decision.next().departure(CP).executor()).isEqualTo("node2.internal");
        assertThat(decision.changedNodes()).contains("node2.internal");
    }

    /**
     * An even control-plane count is the middle of a replacement (remove the dead one, then add its successor): once
     * the cluster exists, the cluster preflight does not fail a day-2 join for it.
     */
    @Test
    void aWorkerAddedWhileTwoControlPlanesRemainJoinsAndTheClusterNeverFails() {
        sim.record = sim.record.withDepartures(Map.of());
        sim.statuses.keySet().removeAll(List.of(CP, WORKER));
        List<NodeSpec> nodes = new ArrayList<>(sim.cluster.spec().nodes());
        nodes.add(new NodeSpec("node6.internal", "192.168.0.67", NodeSpec.WORKER, null, null, null, null, null, null));
        sim.cluster = PreflightFixtures.withSpec(sim.cluster, spec -> PreflightFixtures.withNodes(spec, nodes));
        sim.generations.put("node6.internal", 1L);
        sim.apiReady = Optional.of(Set.of("node1.internal", "node2.internal", "node4.internal", "node6.internal"));

        Decision ready = sim.roundsUntil(decision -> decision.next().nodes().get("node6.internal").phase()
                == NodePhase.Ready, 60, java.time.Duration.ofSeconds(5));

        assertThat(ready.next().phase()).isEqualTo(ClusterPhase.Ready);
        assertThat(sim.decisions).noneMatch(decision -> decision.next().phase() == ClusterPhase.Failed);
    }

    /** A control plane gone for good: its drain and reset are skipped, its member and Node object still go. */
    @Test
    void aForgottenControlPlaneSkipsItsDrainAndResetButLosesItsMemberAndNodeObject() {
        sim.record = sim.record.withDepartures(Map.of(CP, sim.record.departure(CP).forgottenBy("alice")));
        sim.silent.add(CP);
        List<String> path = new ArrayList<>();

        Decision first = decideWithTheOthersReporting();
        path.add(first.next().departure(CP).step().name());
        for (int round = 0; round < 6 && sim.record.departures().containsKey(CP); round++) {
            reportCurrent(sim.record.departure(CP), StatusView.IN_SYNC);
            decideWithTheOthersReporting();
            if (sim.record.departure(CP) != null) {
                path.add(sim.record.departure(CP).step().name());
            }
        }

        assertThat(path).containsExactly("RemovingMember", "DeletingNode");
        assertThat(sim.record.departures()).doesNotContainKey(CP);
        assertThat(sim.eventsNamed("departure.skip")).extracting(OrchestrationEvent::step)
                .containsExactly("Draining", "Resetting");
        assertThat(first.changedNodes()).contains(EXECUTOR);
    }

    /** The agent acting in the departure's step reports its resource, on its current catalog. */
    private void reportCurrent(Departure departure, String state) {
        String actor = departure.step().onTheNodeItself() ? departure.name() : departure.executor();
        report(actor, Departures.resourceId(departure), state, null);
    }

    private void report(String node, String id, String state, String message) {
        long generation = sim.generations.getOrDefault(node, 1L);
        NodeStatus base = sim.statuses.get(node);
        List<ResourceStatus> resources = new ArrayList<>(base.resources().stream()
                .filter(each -> !each.id().equals(id)).toList());
        resources.add(new ResourceStatus(id, id.substring(0, id.indexOf(':')), state, List.of(), message));
        sim.statuses.put(node, new NodeStatus(node, generation, generation, "sha256:" + generation,
                state.equals(StatusView.IN_SYNC), false, sim.now.toString(), base.lastPass(), Map.of(), resources,
                List.of(), base.facts()));
    }

    /** The remaining nodes report as usual (the executor's extra resource kept), then the controller decides. */
    private Decision decideWithTheOthersReporting() {
        for (String node : sim.nodeNames()) {
            NodeStatus kept = sim.statuses.get(node);
            sim.report(node);
            if (kept != null) {
                List<ResourceStatus> extra = kept.resources().stream().filter(each -> each.id().startsWith("drain:")
                        || each.id().startsWith("etcdMember:") || each.id().startsWith("clusterNode:")).toList();
                extra.forEach(each -> report(node, each.id(), each.state(), each.message()));
            }
        }
        sim.now = sim.now.plusSeconds(5);
        return sim.decide();
    }

    private static Cluster without(Cluster cluster, String... names) {
        List<String> dropped = List.of(names);
        List<NodeSpec> kept = cluster.spec().nodes().stream().filter(node -> !dropped.contains(node.name())).toList();
        return PreflightFixtures.withSpec(cluster, spec -> PreflightFixtures.withNodes(spec, kept));
    }
}
