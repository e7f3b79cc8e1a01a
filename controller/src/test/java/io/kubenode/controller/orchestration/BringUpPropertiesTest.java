package io.kubenode.controller.orchestration;

import io.kubenode.common.catalog.KubeadmSpec;
import io.kubenode.common.catalog.KubeadmTokenSpec;
import io.kubenode.common.cluster.NodeSpec;
import io.kubenode.common.document.Documents;
import io.kubenode.common.status.NodeStatus;
import io.kubenode.controller.orchestration.preflight.PreflightFixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.kubenode.controller.orchestration.OrchestratorTest.NODE1;
import static io.kubenode.controller.orchestration.OrchestratorTest.NODE2;
import static io.kubenode.controller.orchestration.OrchestratorTest.NODE3;
import static io.kubenode.controller.orchestration.OrchestratorTest.NODE4;
import static io.kubenode.controller.orchestration.OrchestratorTest.NODE5;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole bring-ups through the decision, checked at every decision: the order guarantees, idempotence, resuming from
 * the stored (JSON) record, the token's timing with a slow node, and day-2 nodes.
 */
class BringUpPropertiesTest {
    private static final Duration TTL = Duration.ofMinutes(15);

    @Test
    void aWholeBringUpKeepsTheOrderGuaranteesAtEveryDecision() {
        BringUpSimulator sim = BringUpSimulator.seed();
        sim.failingAttempts.put(NODE2, Set.of(1));
        sim.failingAttempts.put(NODE4, Set.of(1, 2));
        sim.slowUntil.put(NODE3, BringUpSimulator.T0.plus(Duration.ofMinutes(3)));
        List<String> problems = new ArrayList<>();
        sim.beforeEachDecision = input -> problems.addAll(orderProblems(input, Orchestrator.decide(input)));

        Decision ready = sim.untilPhase(ClusterPhase.Ready);

        assertThat(problems).isEmpty();
        assertThat(sim.eventsNamed("step.release")).filteredOn(event -> "init".equals(event.step())).hasSize(1);
        assertThat(sim.eventsNamed("step.retry")).extracting(OrchestrationEvent::step)
                .containsExactly("join-control-plane", "join-worker", "join-worker");
        assertThat(ready.next().token().state()).isEqualTo(KubeadmTokenSpec.ABSENT);
        sim.nodeNames().forEach(node -> assertThat(sim.record.released(node).clusterPki())
                .as(node).isEqualTo(!node.equals(NODE4) && !node.equals(NODE5)));
        assertThat(sim.record.phaseEnteredAt().keySet()).containsExactly("WaitingForNodes", "Initializing",
                "InstallingNetwork", "JoiningControlPlanes", "JoiningWorkers", "Verifying", "Ready");
        List<String> phases = sim.eventsNamed("phase").stream().map(event -> event.detail().split(":")[0]).toList();
        assertThat(phases).containsExactly("Initializing", "InstallingNetwork", "JoiningControlPlanes",
                "JoiningWorkers", "Verifying", "Ready");
    }

    /** What one decision would break of the order guarantees. */
    private static List<String> orderProblems(OrchestrationInput input, Decision decision) {
        List<String> problems = new ArrayList<>();
        OrchestrationRecord before = input.record() == null ? OrchestrationRecord.empty("x") : input.record();
        OrchestrationRecord next = decision.next();
        List<NodeSpec> nodes = input.cluster().spec().nodes();
        long cpSteps = nodes.stream().filter(NodeSpec::isControlPlane)
                .filter(node -> !next.nodes().get(node.name()).joined())
                .filter(node -> next.released(node.name()).kubeadm() != null).count();
        if (cpSteps > 1) {
            problems.add(input.now() + ": " + cpSteps + " control planes joining at once");
        }
        for (NodeSpec node : nodes) {
            KubeadmStep was = before.released(node.name()).kubeadm();
            KubeadmStep is = next.released(node.name()).kubeadm();
            boolean newJoin = is != null && is.action().equals(KubeadmSpec.JOIN) && !is.equals(was);
            if (newJoin && next.networkReadyAt() == null) {
                problems.add(input.now() + ": " + node.name() + " joins before the endpoint answered");
            }
            if (newJoin && (next.token() == null || !KubeadmTokenSpec.PRESENT.equals(next.token().state())
                    || !Instant.parse(next.token().validUntil()).isAfter(input.now())
                    || !next.token().id().equals(next.released(node.name()).discoveryToken()))) {
                problems.add(input.now() + ": " + node.name() + " joins without a valid token");
            }
            if (newJoin && node.isWorker() && nodes.stream().filter(NodeSpec::isControlPlane)
                    .anyMatch(cp -> !next.nodes().get(cp.name()).joined())) {
                problems.add(input.now() + ": worker " + node.name() + " joins before every control plane");
            }
            boolean newInit = is != null && is.action().equals(KubeadmSpec.INIT) && !is.equals(was);
            if (newInit && before.nodes().values().stream().anyMatch(NodeRecord::joined)) {
                problems.add(input.now() + ": init released in a cluster that exists");
            }
            if (node.isWorker() && next.released(node.name()).clusterPki()) {
                problems.add(node.name() + " is a worker and gets the cluster PKI");
            }
        }
        long workersJoining = nodes.stream().filter(NodeSpec::isWorker)
                .filter(node -> !next.nodes().get(node.name()).joined())
                .filter(node -> next.released(node.name()).kubeadm() != null).count();
        if (workersJoining > input.cluster().spec().orchestrationOrDefaults().maxParallelJoinsOrDefault()) {
            problems.add(input.now() + ": " + workersJoining + " workers joining");
        }
        return problems;
    }

    @Test
    void decidingAgainFromTheNextRecordWithTheSameStatusesChangesNothing() {
        BringUpSimulator sim = BringUpSimulator.seed();
        sim.failingAttempts.put(NODE1, Set.of(1));
        sim.failingAttempts.put(NODE5, Set.of(1));
        int checked = 0;
        for (int round = 0; round < 60 && sim.record == null || sim.record.phase() != ClusterPhase.Ready; round++) {
            sim.round();
            Decision again = Orchestrator.decide(sim.input());
            assertThat(again.changedNodes()).as("round %d", round).isEmpty();
            assertThat(again.events()).as("round %d", round).isEmpty();
            assertThat(again.tokenCandidateUsed()).isFalse();
            assertThat(again.next()).as("round %d", round).isEqualTo(sim.record);
            checked++;
            sim.now = sim.now.plusSeconds(10);
        }
        assertThat(sim.record.phase()).isEqualTo(ClusterPhase.Ready);
        assertThat(checked).isGreaterThan(8);
    }

    @Test
    void resumingFromTheStoredRecordGivesTheSameDecisionAtEveryStep() {
        BringUpSimulator sim = BringUpSimulator.seed();
        sim.failingAttempts.put(NODE3, Set.of(1));
        List<Decision> compared = new ArrayList<>();
        sim.beforeEachDecision = input -> {
            OrchestrationRecord stored = input.record() == null ? null : throughJson(input.record());
            assertThat(stored).isEqualTo(input.record());
            Decision resumed = Orchestrator.decide(new OrchestrationInput(input.cluster(), input.statuses(),
                    input.generations(), stored, input.now(), input.tokenCandidate(), input.apiReadyNodes(),
                    input.unreachable()));
            assertThat(resumed).isEqualTo(Orchestrator.decide(input));
            compared.add(resumed);
        };

        sim.untilPhase(ClusterPhase.Ready);

        assertThat(compared).hasSizeGreaterThan(8);
    }

    @Test
    void aRecordWrittenBeforeNetworkReadyAtExistedStillReads() throws IOException {
        String old = "{\"phase\":\"Initializing\",\"phaseSince\":\"2026-12-04T01:00:00Z\",\"message\":\"m\","
                + "\"phaseEnteredAt\":{},\"nodes\":{},\"token\":null}";
        OrchestrationRecord record = Documents.json().readValue(old, OrchestrationRecord.class);
        assertThat(record.networkReadyAt()).isNull();
        assertThat(record.phase()).isEqualTo(ClusterPhase.Initializing);
    }

    @Test
    void aWorkerJoiningForTwentyMinutesAlwaysHoldsAValidTokenRefreshedEveryThirdOfItsTtl() {
        BringUpSimulator sim = BringUpSimulator.seed();
        sim.slowUntil.put(NODE5, Instant.MAX);
        Decision decision = sim.roundsUntil(d -> sim.record.released(NODE5).kubeadm() != null, 40,
                Duration.ofSeconds(5));
        Released node5 = sim.record.released(NODE5);
        Instant released = sim.now;
        List<Instant> refreshes = new ArrayList<>();
        while (sim.now.isBefore(released.plus(Duration.ofMinutes(20)))) {
            Instant wake = decision.wakeAt().orElseThrow();
            assertThat(wake).isEqualTo(Instant.parse(sim.record.token().validUntil()).minus(Duration.ofMinutes(10)));
            sim.now = wake.isBefore(sim.now.plusSeconds(50)) ? wake : sim.now.plusSeconds(50);
            decision = sim.round();
            BootstrapToken token = decision.next().token();
            assertThat(token.state()).isEqualTo(KubeadmTokenSpec.PRESENT);
            assertThat(Duration.between(sim.now, Instant.parse(token.validUntil())))
                    .as("at %s", sim.now).isGreaterThanOrEqualTo(TTL.multipliedBy(2).dividedBy(3));
            if (decision.events().stream().anyMatch(event -> event.action().equals("token.refresh"))) {
                refreshes.add(sim.now);
                assertThat(decision.changedNodes()).as("only the holder's catalog changes").containsExactly(NODE1);
            }
        }
        assertThat(refreshes).hasSize(4);
        for (int i = 1; i < refreshes.size(); i++) {
            assertThat(Duration.between(refreshes.get(i - 1), refreshes.get(i))).isEqualTo(Duration.ofMinutes(5));
        }
        assertThat(sim.record.released(NODE5)).as("same token id: the joining node's catalog is unchanged")
                .isEqualTo(node5);

        sim.slowUntil.remove(NODE5);
        Decision joined = sim.round();
        assertThat(joined.next().nodes().get(NODE5).joined()).isTrue();
        assertThat(joined.next().token().state()).isEqualTo(KubeadmTokenSpec.ABSENT);
        assertThat(joined.events()).extracting(OrchestrationEvent::action).contains("token.delete");
    }

    @Test
    void aWorkerWhoseAgentStartsTwentyMinutesLateJoinsWithAFreshToken() {
        BringUpSimulator sim = BringUpSimulator.seed();
        sim.silent.add(NODE5);
        for (int i = 0; i < 20; i++) {
            sim.round();
            sim.now = sim.now.plus(Duration.ofMinutes(1));
        }
        assertThat(sim.record.phase()).isEqualTo(ClusterPhase.WaitingForNodes);
        assertThat(sim.record.nodes().get(NODE5).phase()).isEqualTo(NodePhase.Pending);
        assertThat(sim.record.token()).isNull();

        sim.silent.clear();
        List<String> problems = new ArrayList<>();
        sim.beforeEachDecision = input -> problems.addAll(orderProblems(input, Orchestrator.decide(input)));
        sim.untilPhase(ClusterPhase.Ready);

        assertThat(problems).isEmpty();
    }

    @Test
    void aDayTwoWorkerIsPreparedAndJoinedAloneAndNoOtherNodesReleasedChanges() {
        BringUpSimulator sim = BringUpSimulator.seed();
        sim.untilPhase(ClusterPhase.Ready);
        sim.round();
        Map<String, Released> before = releasedOf(sim);
        addNode(sim, new NodeSpec("node6.internal", "192.168.0.67", NodeSpec.WORKER, null, null, null, null, null, null));
        List<Set<String>> changed = new ArrayList<>();
        sim.beforeEachDecision = input -> changed.add(Orchestrator.decide(input).changedNodes());

        Decision waiting = sim.decide();
        assertThat(waiting.next().phase()).isEqualTo(ClusterPhase.WaitingForNodes);
        assertThat(waiting.next().message()).isEqualTo("node6.internal: not enrolled or no status reported yet");
        sim.statuses.put("node6.internal", notConverged(sim.statusFor("node6.internal")));
        assertThat(sim.decide().next().phase()).isEqualTo(ClusterPhase.Preparing);

        Decision ready = sim.untilPhase(ClusterPhase.Ready);

        assertThat(releasedOf(sim)).containsAllEntriesOf(before);
        assertThat(changed).allSatisfy(nodes -> assertThat(nodes).isSubsetOf("node6.internal", NODE1));
        assertThat(sim.eventsNamed("token.mint")).extracting(OrchestrationEvent::detail)
                .anyMatch(detail -> detail.startsWith("token tok001 valid until"));
        assertThat(ready.next().nodes().get("node6.internal").phase()).isEqualTo(NodePhase.Ready);
        assertThat(ready.next().token().state()).isEqualTo(KubeadmTokenSpec.ABSENT);
        assertThat(sim.record.released("node6.internal").clusterPki()).isFalse();
    }

    @Test
    void dayTwoControlPlanesJoinOneAtATime() {
        BringUpSimulator sim = BringUpSimulator.seed();
        sim.untilPhase(ClusterPhase.Ready);
        Map<String, Released> before = releasedOf(sim);
        addNode(sim, new NodeSpec("node6.internal", "192.168.0.67", NodeSpec.CONTROL_PLANE, null, null, null,
                null, null, null));
        addNode(sim, new NodeSpec("node7.internal", "192.168.0.68", NodeSpec.CONTROL_PLANE, null, null, null,
                null, null, null));
        List<String> problems = new ArrayList<>();
        sim.beforeEachDecision = input -> problems.addAll(orderProblems(input, Orchestrator.decide(input)));

        sim.untilPhase(ClusterPhase.Ready);

        assertThat(problems).isEmpty();
        assertThat(releasedOf(sim)).containsAllEntriesOf(before);
        assertThat(sim.eventsNamed("step.release")).filteredOn(event -> "join-control-plane".equals(event.step()))
                .extracting(OrchestrationEvent::node).containsSubsequence(NODE2, NODE3, "node6.internal",
                        "node7.internal");
        assertThat(sim.record.released("node7.internal").clusterPki()).isTrue();
    }

    @Test
    void aDayTwoNodeFailingPreflightStopsAloneAndTheOthersStayReady() {
        BringUpSimulator sim = BringUpSimulator.seed();
        sim.untilPhase(ClusterPhase.Ready);
        sim.round();
        Map<String, Released> before = releasedOf(sim);
        addNode(sim, new NodeSpec("node6.internal", "192.168.0.67", NodeSpec.WORKER, null, null, null, null, null, null));
        addNode(sim, new NodeSpec("node7.internal", "192.168.0.68", NodeSpec.WORKER, null, null, null, null, null, null));
        sim.reportAll();
        NodeStatus node6 = sim.statuses.get("node6.internal");
        NodeStatus node4 = sim.statuses.get(NODE4);
        sim.statuses.put("node6.internal", new NodeStatus(node6.node(), node6.observedGeneration(),
                node6.appliedGeneration(), node6.contentHash(), true, false, node6.reportedAt(), node6.lastPass(),
                Map.of(), node6.resources(), List.of(), node4.facts()));

        Decision decision = sim.decide();

        assertThat(decision.next().phase()).isEqualTo(ClusterPhase.Failed);
        assertThat(decision.next().message()).contains("node6.internal: UniqueHostname")
                .doesNotContain("node4.internal: Unique");
        assertThat(decision.next().nodes().get("node6.internal").phase()).isEqualTo(NodePhase.PreflightFailed);
        assertThat(decision.next().nodes().get(NODE4).phase()).isEqualTo(NodePhase.Ready);
        assertThat(decision.changedNodes()).isEmpty();
        assertThat(releasedOf(sim)).containsAllEntriesOf(before);
        assertThat(decision.tokenCandidateUsed()).as("nothing will join until a person acts").isFalse();
        assertThat(decision.next().nodes().get("node7.internal").message())
                .isEqualTo("prepared, preflight passed; waits for the preflight failures to be fixed");
    }

    /**
     * A fourth control plane on day 2 is the first half of a replacement (add the successor, then remove the old
     * one): it joins like any day-2 control plane; only a new cluster is refused an even count.
     */
    @Test
    void anEvenControlPlaneCountOnDayTwoIsAReplacementStepAndTheNewControlPlaneJoins() {
        BringUpSimulator sim = BringUpSimulator.seed();
        sim.untilPhase(ClusterPhase.Ready);
        addNode(sim, new NodeSpec("node6.internal", "192.168.0.67", NodeSpec.CONTROL_PLANE, null, null, null,
                null, null, null));
        sim.apiReady = Optional.empty();

        Decision joined = sim.roundsUntil(decision -> decision.next().nodes().get("node6.internal").joined(), 60,
                java.time.Duration.ofSeconds(5));

        assertThat(joined.next().nodes().get("node6.internal").joined()).isTrue();
        assertThat(sim.decisions).noneMatch(decision -> decision.next().phase() == ClusterPhase.Failed);
        assertThat(sim.record.released("node6.internal").kubeadm().action()).isEqualTo("join");
    }

    private static void addNode(BringUpSimulator sim, NodeSpec node) {
        List<NodeSpec> nodes = new ArrayList<>(sim.cluster.spec().nodes());
        nodes.add(node);
        sim.cluster = PreflightFixtures.withSpec(sim.cluster, spec -> PreflightFixtures.withNodes(spec, nodes));
        sim.generations.put(node.name(), 1L);
    }

    private static NodeStatus notConverged(NodeStatus status) {
        return new NodeStatus(status.node(), status.observedGeneration(), status.appliedGeneration(),
                status.contentHash(), false, false, status.reportedAt(), status.lastPass(), Map.of(),
                status.resources(), List.of(), status.facts());
    }

    private static Map<String, Released> releasedOf(BringUpSimulator sim) {
        Map<String, Released> released = new LinkedHashMap<>();
        sim.record.nodes().forEach((node, record) -> released.put(node, record.released()));
        return released;
    }

    static OrchestrationRecord throughJson(OrchestrationRecord record) {
        try {
            String json = Documents.json().writeValueAsString(record);
            return Documents.json().readValue(json, OrchestrationRecord.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
