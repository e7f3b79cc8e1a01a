package io.kubenode.controller.orchestration;

import io.kubenode.controller.rollout.RolloutNode;
import io.kubenode.controller.rollout.RolloutNodeRecord;
import io.kubenode.controller.rollout.RolloutRecord;
import io.kubenode.controller.rollout.RolloutStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rollout's part of the decision on a Ready seed cluster whose new revision restarts haproxy on the three control
 * planes: who is released when, what each gate waits for, and what stops the rollout.
 */
class RolloutProgressTest {
    private static final List<String> CONTROL_PLANES = List.of("node1.internal", "node2.internal", "node3.internal");
    private static final String HAPROXY_CFG = "/etc/haproxy/haproxy.cfg";

    private BringUpSimulator sim;

    @BeforeEach
    void readyClusterWithAHaproxyRollout() {
        sim = BringUpSimulator.seed();
        sim.apiReady = Optional.of(Set.copyOf(sim.nodeNames()));
        sim.untilPhase(ClusterPhase.Ready);
        Map<String, RolloutNodeRecord> nodes = new LinkedHashMap<>();
        for (String node : sim.nodeNames()) {
            boolean controlPlane = CONTROL_PLANES.contains(node);
            nodes.put(node, controlPlane
                    ? new RolloutNodeRecord(true, true, List.of("service:haproxy"), RolloutNode.State.PENDING, 1L,
                    sim.now.toString(), "held on revision 1")
                    : new RolloutNodeRecord(false, false, List.of(), RolloutNode.State.DONE, null, sim.now.toString(),
                    "took revision 2 at once"));
        }
        sim.record = sim.record.withRollout(new RolloutRecord(2, 1, sim.now.toString(), null, false, nodes));
    }

    @Test
    void controlPlanesTakeTheRevisionOneAtATimeInDocumentOrderEachAfterThePreviousPassedItsGates() {
        List<String> released = new java.util.ArrayList<>();
        for (int round = 0; round < 10 && !complete(); round++) {
            Decision decision = sim.round();
            RolloutRecord rollout = decision.next().rollout();
            long inProgress = rollout.nodes().values().stream()
                    .filter(node -> node.state() == RolloutNode.State.RELEASED).count();
            assertThat(inProgress).as("control planes released and not yet done, round " + round).isLessThanOrEqualTo(1);
            decision.events().stream().filter(event -> event.action().equals(RolloutProgress.RELEASE))
                    .forEach(event -> {
                        released.add(event.node());
                        assertThat(decision.changedNodes()).as("a released node gets its new catalog in the same "
                                + "write").contains(event.node());
                        assertThat(event.detail()).isEqualTo("revision 2: restarts service:haproxy");
                    });
            sim.now = sim.now.plusSeconds(5);
        }

        assertThat(released).containsExactlyElementsOf(CONTROL_PLANES);
        assertThat(complete()).isTrue();
        assertThat(sim.record.phase()).isEqualTo(ClusterPhase.Ready);
        assertThat(sim.eventsNamed(RolloutProgress.DONE)).extracting(OrchestrationEvent::node)
                .containsExactlyElementsOf(CONTROL_PLANES);
        assertThat(sim.record.rollout().node("node1.internal").message())
                .isEqualTo("revision 2 applied, converged and healthy");
    }

    @Test
    void whileRollingAReadyClusterSaysSoInItsMessage() {
        Decision first = sim.round();

        assertThat(first.next().phase()).isEqualTo(ClusterPhase.Ready);
        assertThat(first.next().message()).endsWith("; rolling out revision 2: control planes 0/3, workers 0/0");
        assertThat(first.next().rollout().node("node1.internal").message())
                .isEqualTo("released: waits for the node to apply revision 2");
    }

    /**
     * The agent restarts notified services at the end of a pass, after its probes looked: the pass that restarted
     * haproxy reports converged with probes that saw the old haproxy. Only the next pass, which observes the new one,
     * can pass the gates (found by RolloutIT: node3 was released while node2's new haproxy could not reach its
     * apiserver).
     */
    @Test
    void thePassThatRestartedAServiceDoesNotPassTheGatesTheNextPassThatObservesItDoes() {
        sim.round();
        sim.changedBy("node1.internal", "service", "haproxy");

        Decision restarted = sim.decide();

        RolloutNodeRecord node1 = restarted.next().rollout().node("node1.internal");
        assertThat(node1.state()).isEqualTo(RolloutNode.State.RELEASED);
        assertThat(node1.message()).isEqualTo("waits for a pass that observes what the last one changed "
                + "(service:haproxy changed)");
        assertThat(restarted.next().rollout().node("node2.internal").state()).isEqualTo(RolloutNode.State.PENDING);

        sim.report("node1.internal");
        Decision observed = sim.decide();

        assertThat(observed.next().rollout().node("node1.internal").state()).isEqualTo(RolloutNode.State.DONE);
        assertThat(observed.next().rollout().node("node2.internal").state()).isEqualTo(RolloutNode.State.RELEASED);
    }

    @Test
    void aNodeTheClusterApiDoesNotListReadyWaitsAndIsNotDone() {
        sim.round();
        sim.apiReady = Optional.of(Set.of("node2.internal", "node3.internal", "node4.internal", "node5.internal"));

        Decision waiting = sim.round();

        RolloutNodeRecord node1 = waiting.next().rollout().node("node1.internal");
        assertThat(node1.state()).isEqualTo(RolloutNode.State.RELEASED);
        assertThat(node1.message()).isEqualTo("waits for the cluster API to list the node Ready");
        assertThat(waiting.next().rollout().node("node2.internal").state()).isEqualTo(RolloutNode.State.PENDING);
    }

    @Test
    void aFailedResourceOnTheSecondControlPlanePausesTheRolloutThereAndTheThirdKeepsItsCatalog() {
        sim.round();
        sim.round();
        assertThat(sim.record.rollout().node("node2.internal").state()).isEqualTo(RolloutNode.State.RELEASED);
        long node3Generation = sim.generations.get("node3.internal");

        sim.report("node2.internal");
        sim.override("node2.internal", "file", HAPROXY_CFG, "failed", "validate exited 1: [ALERT] parsing "
                + "[/etc/haproxy/haproxy.cfg:12]: unknown keyword 'bogus'\nmore output");
        Decision paused = sim.decide();

        RolloutNodeRecord node2 = paused.next().rollout().node("node2.internal");
        assertThat(node2.state()).isEqualTo(RolloutNode.State.FAILED);
        assertThat(node2.message()).isEqualTo("file:" + HAPROXY_CFG + " failed: validate exited 1: [ALERT] parsing "
                + "[/etc/haproxy/haproxy.cfg:12]: unknown keyword 'bogus'");
        assertThat(paused.next().phase()).isEqualTo(ClusterPhase.RolloutPaused);
        assertThat(paused.next().message()).isEqualTo("rollout of revision 2 paused at node2.internal: " + node2.message()
                + " (control planes 1/3, workers 0/0); see kubenodectl rollout status");
        assertThat(RolloutStatus.of(paused.next().rollout()).state()).isEqualTo(RolloutStatus.PAUSED);
        for (int round = 0; round < 10; round++) {
            sim.now = sim.now.plusSeconds(30);
            sim.decide();
        }
        assertThat(sim.record.rollout().node("node3.internal").state()).isEqualTo(RolloutNode.State.PENDING);
        assertThat(sim.generations.get("node3.internal")).isEqualTo(node3Generation);
    }

    @Test
    void aNodeThatDoesNotReportWithinTheHealthTimeoutFailsAndPausesTheRollout() {
        sim.silent.add("node1.internal");
        sim.round();

        sim.now = sim.now.plus(Duration.ofMinutes(4));
        Decision before = sim.round();
        assertThat(before.next().rollout().node("node1.internal").state()).isEqualTo(RolloutNode.State.RELEASED);
        assertThat(before.wakeAt()).isPresent();

        sim.now = sim.now.plus(Duration.ofMinutes(1));
        Decision timedOut = sim.round();

        RolloutNodeRecord node1 = timedOut.next().rollout().node("node1.internal");
        assertThat(node1.state()).isEqualTo(RolloutNode.State.FAILED);
        assertThat(node1.message()).startsWith("not healthy within 5m: waits for the node to apply generation ");
        assertThat(timedOut.next().rollout().node("node2.internal").state()).isEqualTo(RolloutNode.State.PENDING);
        assertThat(sim.eventsNamed(RolloutProgress.FAILED)).extracting(OrchestrationEvent::node)
                .containsExactly("node1.internal");
    }

    @Test
    void aPersonsPauseReleasesNothingMoreAndShowsWhoPausedIt() {
        sim.record = sim.record.withRollout(sim.record.rollout().withPausedBy("alice: change window"));

        Decision paused = sim.round();

        assertThat(paused.next().rollout().nodes().values()).noneMatch(node ->
                node.state() == RolloutNode.State.RELEASED);
        assertThat(paused.changedNodes()).isEmpty();
        assertThat(paused.next().phase()).isEqualTo(ClusterPhase.RolloutPaused);
        assertThat(paused.next().message()).isEqualTo("rollout of revision 2 paused: alice: change window "
                + "(control planes 0/3, workers 0/0); see kubenodectl rollout status");
    }

    @Test
    void decidingAgainWithTheSameStatusesChangesNothing() {
        sim.round();
        Decision again = sim.decide();

        assertThat(again.changedNodes()).isEmpty();
        assertThat(again.events()).isEmpty();
    }

    @Test
    void withDrainWorkersAWorkerWhoseKubeletRestartsIsDrainedByAControlPlaneReleasedThenUncordoned() {
        BringUpSimulator drained = workerKubeletRollout();

        Decision draining = drained.round();
        RolloutNodeRecord node4 = draining.next().rollout().node("node4.internal");
        assertThat(node4.state()).isEqualTo(RolloutNode.State.DRAINING);
        assertThat(node4.drainedBy()).isEqualTo("node1.internal");
        assertThat(node4.heldRevision()).as("keeps its catalog while it is drained").isEqualTo(1L);
        assertThat(draining.changedNodes()).containsExactly("node1.internal");
        assertThat(RolloutRecord.drainsBy(draining.next().rollout(), "node1.internal"))
                .containsExactly(new RolloutRecord.Drain("node4.internal", true));
        assertThat(draining.next().rollout().node("node5.internal").state()).as("one worker at a time")
                .isEqualTo(RolloutNode.State.PENDING);

        drained.reportAll();
        drained.override("node1.internal", "drain", "node4.internal", "running", "kubectl drain running for 12 s");
        Decision stillDraining = drained.decide();
        assertThat(stillDraining.next().rollout().node("node4.internal").message()).isEqualTo("waits for "
                + "node1.internal's agent to cordon and drain it (running: kubectl drain running for 12 s)");

        drained.override("node1.internal", "drain", "node4.internal", "in_sync", null);
        Decision released = drained.decide();
        assertThat(released.next().rollout().node("node4.internal").state()).isEqualTo(RolloutNode.State.RELEASED);
        assertThat(released.changedNodes()).containsExactlyInAnyOrder("node4.internal", "node1.internal");

        Decision uncordoning = drained.round();
        assertThat(uncordoning.next().rollout().node("node4.internal").state())
                .isEqualTo(RolloutNode.State.UNCORDONING);
        assertThat(RolloutRecord.drainsBy(uncordoning.next().rollout(), "node1.internal"))
                .containsExactly(new RolloutRecord.Drain("node4.internal", false));

        drained.reportAll();
        drained.override("node1.internal", "drain", "node4.internal", "in_sync", null);
        Decision done = drained.decide();
        RolloutNodeRecord finished = done.next().rollout().node("node4.internal");
        assertThat(finished.state()).isEqualTo(RolloutNode.State.DONE);
        assertThat(finished.drainedBy()).isNull();
        assertThat(done.next().rollout().node("node5.internal").state()).isEqualTo(RolloutNode.State.DRAINING);
    }

    @Test
    void aDrainThatFailsPausesTheRolloutAndTheWorkerKeepsItsCatalog() {
        BringUpSimulator drained = workerKubeletRollout();
        drained.round();
        long node4Generation = drained.generations.get("node4.internal");

        drained.reportAll();
        drained.override("node1.internal", "drain", "node4.internal", "failed", "kubectl drain exited 1 after 300 s: "
                + "Cannot evict pod as it would violate the pod's disruption budget.\nmore");
        Decision failed = drained.decide();

        RolloutNodeRecord node4 = failed.next().rollout().node("node4.internal");
        assertThat(node4.state()).isEqualTo(RolloutNode.State.FAILED);
        assertThat(node4.heldRevision()).isEqualTo(1L);
        assertThat(node4.message()).isEqualTo("drain by node1.internal failed: kubectl drain exited 1 after 300 s: "
                + "Cannot evict pod as it would violate the pod's disruption budget.");
        assertThat(failed.next().phase()).isEqualTo(ClusterPhase.RolloutPaused);
        assertThat(drained.generations.get("node4.internal")).isEqualTo(node4Generation);
    }

    @Test
    void withoutDrainWorkersTheWorkerIsReleasedStraightAway() {
        sim.record = sim.record.withRollout(workerRollout(sim));

        Decision decision = sim.round();

        assertThat(decision.next().rollout().node("node4.internal").state()).isEqualTo(RolloutNode.State.RELEASED);
        assertThat(decision.next().rollout().node("node4.internal").drainedBy()).isNull();
    }

    @Test
    void aPercentageBatchDrainsBothWorkersTogetherThroughTheSameControlPlane() {
        BringUpSimulator drained = workerKubeletRollout("100%");

        Decision draining = drained.round();
        for (String worker : List.of("node4.internal", "node5.internal")) {
            RolloutNodeRecord record = draining.next().rollout().node(worker);
            assertThat(record.state()).as(worker).isEqualTo(RolloutNode.State.DRAINING);
            assertThat(record.drainedBy()).as(worker).isEqualTo("node1.internal");
        }
        assertThat(RolloutRecord.drainsBy(draining.next().rollout(), "node1.internal")).containsExactly(
                new RolloutRecord.Drain("node4.internal", true), new RolloutRecord.Drain("node5.internal", true));
        assertThat(draining.changedNodes()).containsExactly("node1.internal");

        drained.reportAll();
        drained.override("node1.internal", "drain", "node4.internal", "in_sync", null);
        drained.override("node1.internal", "drain", "node5.internal", "in_sync", null);
        Decision released = drained.decide();
        assertThat(released.next().rollout().node("node4.internal").state()).isEqualTo(RolloutNode.State.RELEASED);
        assertThat(released.next().rollout().node("node5.internal").state()).isEqualTo(RolloutNode.State.RELEASED);
    }

    private BringUpSimulator workerKubeletRollout() {
        return workerKubeletRollout(null);
    }

    /**
     * The Ready seed with drainWorkers on ({@code maxUnavailable}: null for the default) and a revision that restarts
     * the kubelet on both workers only.
     */
    private BringUpSimulator workerKubeletRollout(String maxUnavailable) {
        BringUpSimulator drained = new BringUpSimulator(sim.cluster);
        drained.apiReady = sim.apiReady;
        drained.untilPhase(ClusterPhase.Ready);
        drained.cluster = io.kubenode.controller.orchestration.preflight.PreflightFixtures.withSpec(sim.cluster,
                spec -> new io.kubenode.common.cluster.ClusterSpec(spec.kubernetes(), spec.controlPlaneEndpoint(),
                        spec.loadBalancer(), spec.containerRuntime(), spec.network(), spec.host(), spec.nodes(),
                        spec.orchestration(), new io.kubenode.common.cluster.RolloutSpec(maxUnavailable, null,
                        true)));
        drained.record = drained.record.withRollout(workerRollout(drained));
        return drained;
    }

    private static RolloutRecord workerRollout(BringUpSimulator on) {
        Map<String, RolloutNodeRecord> nodes = new LinkedHashMap<>();
        for (String node : on.nodeNames()) {
            nodes.put(node, CONTROL_PLANES.contains(node)
                    ? new RolloutNodeRecord(true, false, List.of(), RolloutNode.State.DONE, null, on.now.toString(),
                    "took revision 2 at once")
                    : new RolloutNodeRecord(false, true, List.of("service:kubelet"), RolloutNode.State.PENDING, 1L,
                    on.now.toString(), "held on revision 1"));
        }
        return new RolloutRecord(2, 1, on.now.toString(), null, false, nodes);
    }

    private boolean complete() {
        return RolloutStatus.of(sim.record.rollout()).state().equals(RolloutStatus.COMPLETE);
    }
}
