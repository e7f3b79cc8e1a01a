package io.kubenode.controller.orchestration;

import io.kubenode.common.catalog.KubeadmSpec;
import io.kubenode.common.catalog.ProbeSpec;
import io.kubenode.common.catalog.SwapSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.kubenode.controller.orchestration.OrchestratorTest.NODE1;
import static io.kubenode.controller.orchestration.OrchestratorTest.NODE2;
import static io.kubenode.controller.orchestration.OrchestratorTest.NODE3;
import static io.kubenode.controller.orchestration.OrchestratorTest.NODE4;
import static io.kubenode.controller.orchestration.OrchestratorTest.NODE5;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster-phase transitions as a table: a situation reached on the seed's 3 + 2 cluster, the decision's phase,
 * the nodes whose catalogs it changes and the actions of the events it emits.
 */
class TransitionTableTest {

    record Row(String name, Function<BringUpSimulator, Decision> situation, ClusterPhase phase,
               Set<String> changed, List<String> events) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("no status yet → WaitingForNodes", BringUpSimulator::decide,
                        ClusterPhase.WaitingForNodes, Set.of(), List.of()),
                new Row("a node not converged → Preparing", sim -> {
                    sim.reportAll();
                    sim.override(NODE5, SwapSpec.TYPE, "system", "changed", null);
                    sim.statuses.put(NODE5, notConverged(sim, NODE5));
                    return sim.decide();
                }, ClusterPhase.Preparing, Set.of(), List.of("phase")),
                new Row("all prepared, preflight passed → Initializing: init released, token minted",
                        BringUpSimulator::round, ClusterPhase.Initializing, Set.of(NODE1),
                        List.of("token.mint", "step.release", "phase")),
                new Row("init running → stays Initializing", sim -> {
                    sim.slowUntil.put(NODE1, BringUpSimulator.T0.plusSeconds(600));
                    sim.round();
                    return sim.round();
                }, ClusterPhase.Initializing, Set.of(), List.of()),
                new Row("init failed → reset released", sim -> {
                    sim.failingAttempts.put(NODE1, Set.of(1));
                    sim.round();
                    return sim.round();
                }, ClusterPhase.Initializing, Set.of(NODE1), List.of("step.failed", "step.release")),
                new Row("init in sync → InstallingNetwork: network, probe and token to the init node", sim -> {
                    sim.round();
                    return sim.round();
                }, ClusterPhase.InstallingNetwork, Set.of(NODE1),
                        List.of("step.succeeded", "token.hold", "step.release", "phase")),
                new Row("manifest and endpoint in sync → JoiningControlPlanes: first control plane released", sim -> {
                    sim.round();
                    sim.round();
                    return sim.round();
                }, ClusterPhase.JoiningControlPlanes, Set.of(NODE2),
                        List.of("step.succeeded", "step.release", "phase")),
                new Row("control plane 2 joined → control plane 3 released", sim -> {
                    for (int i = 0; i < 3; i++) {
                        sim.round();
                    }
                    return sim.round();
                }, ClusterPhase.JoiningControlPlanes, Set.of(NODE3), List.of("step.succeeded", "step.release")),
                new Row("last control plane joined → JoiningWorkers: both workers released", sim -> {
                    for (int i = 0; i < 4; i++) {
                        sim.round();
                    }
                    return sim.round();
                }, ClusterPhase.JoiningWorkers, Set.of(NODE4, NODE5),
                        List.of("step.succeeded", "step.release", "step.release", "phase")),
                new Row("every node joined → Verifying: endpoint probes released, token deleted", sim -> {
                    for (int i = 0; i < 5; i++) {
                        sim.round();
                    }
                    return sim.round();
                }, ClusterPhase.Verifying, Set.of(NODE1, NODE2, NODE3, NODE4, NODE5),
                        List.of("step.succeeded", "step.succeeded", "token.delete", "step.release", "step.release",
                                "step.release", "step.release", "phase")),
                new Row("every node healthy → Ready", sim -> sim.untilPhase(ClusterPhase.Ready),
                        ClusterPhase.Ready, Set.of(), List.of("phase")),
                new Row("Ready, a node's probe fails → Degraded", sim -> {
                    sim.untilPhase(ClusterPhase.Ready);
                    sim.round();
                    sim.override(NODE3, ProbeSpec.TYPE, "apiserver", "failed", "503");
                    return sim.decide();
                }, ClusterPhase.Degraded, Set.of(), List.of("phase")),
                new Row("Ready, a node's status stale → stays Ready", sim -> {
                    sim.untilPhase(ClusterPhase.Ready);
                    sim.generations.merge(NODE4, 1L, Long::sum);
                    return sim.decide();
                }, ClusterPhase.Ready, Set.of(), List.of()),
                new Row("Degraded, healthy again → Ready", sim -> {
                    sim.untilPhase(ClusterPhase.Ready);
                    sim.round();
                    sim.override(NODE3, ProbeSpec.TYPE, "apiserver", "failed", "503");
                    sim.decide();
                    return sim.round();
                }, ClusterPhase.Ready, Set.of(), List.of("phase")),
                new Row("control-plane join failed → reset, the next control plane waits", sim -> {
                    sim.failingAttempts.put(NODE2, Set.of(1));
                    for (int i = 0; i < 3; i++) {
                        sim.round();
                    }
                    return sim.round();
                }, ClusterPhase.JoiningControlPlanes, Set.of(NODE2), List.of("step.failed", "step.release")),
                new Row("reset in sync, backoff over → join attempt 2", sim -> {
                    sim.failingAttempts.put(NODE2, Set.of(1));
                    for (int i = 0; i < 4; i++) {
                        sim.round();
                    }
                    sim.now = sim.now.plus(Duration.ofSeconds(30));
                    return sim.round();
                }, ClusterPhase.JoiningControlPlanes, Set.of(NODE2), List.of("step.release", "step.retry")),
                new Row("reset failed → recorded once, nothing released", sim -> {
                    sim.failingAttempts.put(NODE2, Set.of(1));
                    for (int i = 0; i < 4; i++) {
                        sim.round();
                    }
                    sim.reportAll();
                    sim.override(NODE2, KubeadmSpec.TYPE, KubeadmSpec.NODE, "failed", "kubeadm reset exited 1");
                    sim.decide();
                    Decision first = Orchestrator.decide(sim.input());
                    assertThat(first.events()).as("the same reset failure is recorded once").isEmpty();
                    return sim.decisions.get(sim.decisions.size() - 1);
                }, ClusterPhase.JoiningControlPlanes, Set.of(), List.of("step.failed")));
    }

    @ParameterizedTest
    @MethodSource("rows")
    void transition(Row row) {
        BringUpSimulator sim = BringUpSimulator.seed();

        Decision decision = row.situation().apply(sim);

        assertThat(decision.next().phase()).as(decision.next().message()).isEqualTo(row.phase());
        assertThat(decision.changedNodes()).containsExactlyInAnyOrderElementsOf(row.changed());
        assertThat(decision.events()).extracting(OrchestrationEvent::action)
                .containsExactlyInAnyOrderElementsOf(row.events());
    }

    private static io.kubenode.common.status.NodeStatus notConverged(BringUpSimulator sim, String node) {
        var status = sim.statuses.get(node);
        return new io.kubenode.common.status.NodeStatus(node, status.observedGeneration(),
                status.appliedGeneration(), status.contentHash(), false, false, status.reportedAt(),
                status.lastPass(), status.counts(), status.resources(), status.conditions(), status.facts());
    }
}
