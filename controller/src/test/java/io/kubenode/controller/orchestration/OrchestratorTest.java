package io.kubenode.controller.orchestration;

import io.kubenode.common.catalog.KubeadmSpec;
import io.kubenode.common.catalog.KubeadmTokenSpec;
import io.kubenode.common.catalog.ProbeSpec;
import io.kubenode.common.catalog.SwapSpec;
import io.kubenode.common.cluster.NodeSpec;
import io.kubenode.common.status.NodeStatus;
import io.kubenode.controller.orchestration.preflight.PreflightFixtures;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The decision step by step through a bring-up of the seed's 3 + 2 cluster, one transition per test. */
class OrchestratorTest {
    static final String NODE1 = "node1.internal";
    static final String NODE2 = "node2.internal";
    static final String NODE3 = "node3.internal";
    static final String NODE4 = "node4.internal";
    static final String NODE5 = "node5.internal";

    private final BringUpSimulator sim = BringUpSimulator.seed();

    @Test
    void nodesWithoutAStatusArePendingAndTheMessageNamesThem() {
        sim.report(NODE1);
        sim.report(NODE2);
        sim.report(NODE3);

        Decision decision = sim.decide();

        assertThat(decision.next().phase()).isEqualTo(ClusterPhase.WaitingForNodes);
        assertThat(decision.next().message())
                .isEqualTo("waiting for node4.internal, node5.internal to enroll and report (3/5 reported)");
        assertThat(decision.next().nodes().get(NODE4).phase()).isEqualTo(NodePhase.Pending);
        assertThat(decision.next().nodes().get(NODE1).phase()).isEqualTo(NodePhase.Pending);
        assertThat(decision.changedNodes()).isEmpty();
        assertThat(decision.tokenCandidateUsed()).isFalse();
        assertThat(decision.next().nodes().keySet()).containsExactly(NODE1, NODE2, NODE3, NODE4, NODE5);
    }

    @Test
    void aNodeNotConvergedOrBehindItsCatalogKeepsTheClusterPreparing() {
        sim.reportAll();
        sim.override(NODE3, SwapSpec.TYPE, "system", "failed", "swapoff -a exited 1");
        sim.generations.put(NODE4, 2L);

        Decision decision = sim.decide();

        assertThat(decision.next().phase()).isEqualTo(ClusterPhase.Preparing);
        assertThat(decision.next().message())
                .isEqualTo("host preparation converging on node3.internal, node4.internal (3/5 prepared)");
        assertThat(decision.next().nodes().get(NODE3).phase()).isEqualTo(NodePhase.Preparing);
        assertThat(decision.next().nodes().get(NODE3).message()).contains("swap:system");
        assertThat(decision.next().nodes().get(NODE4).message()).contains("generation 2 not applied yet");
        assertThat(decision.changedNodes()).isEmpty();
        assertThat(released(NODE1).kubeadm()).isNull();
    }

    @Test
    void aPermanentPreflightFailureStopsAtFailedWithTheNodeTheCheckAndTheFact() {
        sim.reportAll();
        NodeStatus node4 = sim.statuses.get(NODE4);
        NodeStatus node5 = sim.statuses.get(NODE5);
        sim.statuses.put(NODE5, withFacts(node5, PreflightFixtures.facts(NODE5, 5), node4.facts().productUuid()));

        Decision decision = sim.decide();

        assertThat(decision.next().phase()).isEqualTo(ClusterPhase.Failed);
        assertThat(decision.next().message()).startsWith("preflight failed: node4.internal: UniqueProductUUID: "
                + "product_uuid 4c4c4544-0000-0000-0000-000000000004 is also node5.internal's");
        assertThat(decision.next().nodes().get(NODE4).phase()).isEqualTo(NodePhase.PreflightFailed);
        assertThat(decision.next().nodes().get(NODE5).phase()).isEqualTo(NodePhase.PreflightFailed);
        assertThat(decision.next().nodes().get(NODE5).message()).contains("UniqueProductUUID");
        assertThat(decision.next().nodes().get(NODE1).phase()).isEqualTo(NodePhase.Pending);
        assertThat(decision.changedNodes()).isEmpty();
        assertThat(decision.events()).extracting(OrchestrationEvent::action).containsExactly("phase");

        sim.statuses.put(NODE5, node5);
        Decision fixed = sim.decide();
        assertThat(fixed.next().phase()).as("level-triggered: fixed machine, bring-up goes on")
                .isEqualTo(ClusterPhase.Initializing);
    }

    @Test
    void aTransientPreflightFailureWaitsInPreflight() {
        sim.reportAll();
        NodeStatus node4 = sim.statuses.get(NODE4);
        List<io.kubenode.common.status.ResourceStatus> withoutSwapOutcome = node4.resources().stream()
                .filter(resource -> !resource.id().equals("swap:system")).toList();
        var facts = node4.facts();
        var swapping = new io.kubenode.common.status.Facts(facts.hostname(), facts.machineId(), facts.productUuid(),
                facts.interfaces(), facts.cpus(), facts.memoryBytes(), 1024, facts.kernel(), facts.osId(),
                facts.osVersion(), facts.osFamily(), facts.selinux(), facts.cgroupVersion(),
                facts.containerdVersion(), facts.kubeletVersion(), facts.containerdCgroupDriver(),
                facts.kubeletCgroupDriver(), null);
        sim.statuses.put(NODE4, new NodeStatus(NODE4, 1, 1, "sha256:1", true, false, node4.reportedAt(),
                node4.lastPass(), Map.of(), withoutSwapOutcome, List.of(), swapping));

        Decision decision = sim.decide();

        assertThat(decision.next().phase()).isEqualTo(ClusterPhase.Preflight);
        assertThat(decision.next().message()).startsWith("preflight waits: node4.internal: SwapOff: swap");
        assertThat(decision.next().nodes().get(NODE4).message()).startsWith("preflight waits: node4.internal: SwapOff");
        assertThat(decision.next().nodes().get(NODE4).phase()).isEqualTo(NodePhase.Preparing);
        assertThat(decision.changedNodes()).isEmpty();
    }

    @Test
    void everyNodePreparedAndPassedReleasesInitWithTheClusterPkiAndAFreshToken() {
        Decision decision = sim.round();

        assertThat(decision.next().phase()).isEqualTo(ClusterPhase.Initializing);
        assertThat(decision.next().message()).isEqualTo("initializing node1.internal, attempt 1");
        assertThat(decision.changedNodes()).containsExactly(NODE1);
        assertThat(released(NODE1)).isEqualTo(new Released(true,
                new KubeadmStep(KubeadmSpec.INIT, 1, BringUpSimulator.T0.toString()), null, "tok000", false, false));
        assertThat(decision.next().token()).isEqualTo(new BootstrapToken("tok000", null, KubeadmTokenSpec.PRESENT,
                "2026-12-04T01:15:00Z", "2026-12-04T01:00:00Z"));
        assertThat(decision.tokenCandidateUsed()).isTrue();
        assertThat(decision.next().nodes().get(NODE1).phase()).isEqualTo(NodePhase.Joining);
        assertThat(decision.next().nodes().get(NODE1).attempts()).isEqualTo(1);
        assertThat(decision.next().nodes().get(NODE2).phase()).isEqualTo(NodePhase.Pending);
        assertThat(decision.next().nodes().get(NODE2).message())
                .isEqualTo("prepared, preflight passed; waits for the cluster's initialization on node1.internal");
        assertThat(decision.events()).extracting(OrchestrationEvent::action)
                .containsExactly("token.mint", "step.release", "phase");
        assertThat(decision.next().phaseEnteredAt()).containsKeys("WaitingForNodes", "Initializing");
    }

    @Test
    void theInitNodeIsTheOneSayingInitElseTheFirstControlPlane() {
        List<NodeSpec> nodes = new ArrayList<>(sim.cluster.spec().nodes());
        NodeSpec node3 = nodes.get(2);
        nodes.set(2, new NodeSpec(node3.name(), node3.address(), node3.role(), true, null, null, null, null, null));
        BringUpSimulator other = new BringUpSimulator(PreflightFixtures.withSpec(sim.cluster,
                spec -> PreflightFixtures.withNodes(spec, nodes)));

        Decision decision = other.round();

        assertThat(decision.changedNodes()).containsExactly(NODE3);
        assertThat(other.record.released(NODE3).kubeadm().action()).isEqualTo(KubeadmSpec.INIT);
    }

    @Test
    void initInSyncJoinsTheInitNodeAndReleasesTheNetworkAndHandsItTheToken() {
        sim.round();
        sim.now = sim.now.plusSeconds(60);

        Decision decision = sim.round();

        NodeRecord node1 = decision.next().nodes().get(NODE1);
        assertThat(node1.joinedAt()).isEqualTo("2026-12-04T01:01:00Z");
        assertThat(node1.phase()).isEqualTo(NodePhase.Joined);
        assertThat(released(NODE1).network()).isTrue();
        assertThat(released(NODE1).endpointProbe()).isTrue();
        assertThat(decision.next().token().holder()).isEqualTo(NODE1);
        assertThat(decision.changedNodes()).containsExactly(NODE1);
        assertThat(decision.next().phase()).isEqualTo(ClusterPhase.InstallingNetwork);
        assertThat(decision.next().message()).startsWith("applying the flannel manifest from node1.internal and "
                + "waiting for the endpoint k8s-cp.internal:8888 to answer through the virtual IP");
        assertThat(decision.events()).extracting(OrchestrationEvent::action, OrchestrationEvent::step)
                .contains(org.assertj.core.groups.Tuple.tuple("step.succeeded", "init"),
                        org.assertj.core.groups.Tuple.tuple("token.hold", "token"),
                        org.assertj.core.groups.Tuple.tuple("step.release", "network"));
        assertThat(released(NODE2).kubeadm()).isNull();
    }

    @Test
    void noControlPlaneJoinsBeforeTheEndpointAnswersThroughTheVirtualIp() {
        sim.endpointDown.add(NODE1);
        sim.round();
        sim.round();

        Decision decision = sim.round();

        assertThat(decision.next().phase()).isEqualTo(ClusterPhase.InstallingNetwork);
        assertThat(decision.next().message()).endsWith("(probe:control-plane-endpoint failed: connection refused)");
        assertThat(decision.next().networkReadyAt()).isNull();
        assertThat(released(NODE2).kubeadm()).isNull();
        assertThat(decision.changedNodes()).isEmpty();

        sim.endpointDown.clear();
        Decision answered = sim.round();
        assertThat(answered.next().networkReadyAt()).isEqualTo(sim.now.toString());
        assertThat(answered.next().phase()).isEqualTo(ClusterPhase.JoiningControlPlanes);
        assertThat(answered.next().message()).isEqualTo("joining control plane node2.internal (2/3), attempt 1");
        assertThat(released(NODE2)).isEqualTo(new Released(true, new KubeadmStep(KubeadmSpec.JOIN, 1,
                sim.now.toString()), "tok000", null, false, false));
        assertThat(answered.changedNodes()).containsExactly(NODE2);
    }

    @Test
    void withoutSpecNetworkOnlyTheEndpointProbeIsReleased() {
        BringUpSimulator noNetwork = new BringUpSimulator(PreflightFixtures.withSpec(sim.cluster,
                spec -> new io.kubenode.common.cluster.ClusterSpec(spec.kubernetes(), spec.controlPlaneEndpoint(),
                        spec.loadBalancer(), spec.containerRuntime(), null, spec.host(), spec.nodes(),
                        spec.orchestration(), spec.rollout())));
        noNetwork.round();
        Decision decision = noNetwork.round();

        assertThat(noNetwork.record.released(NODE1).network()).isFalse();
        assertThat(noNetwork.record.released(NODE1).endpointProbe()).isTrue();
        assertThat(decision.next().message()).startsWith("waiting for the endpoint k8s-cp.internal:8888");
        assertThat(noNetwork.round().next().phase()).isEqualTo(ClusterPhase.JoiningControlPlanes);
    }

    @Test
    void controlPlanesJoinOneAtATimeInDocumentOrderAndWorkersOnlyAfterThem() {
        sim.roundsUntil(decision -> released(NODE2).kubeadm() != null, 10, Duration.ofSeconds(5));
        sim.slowUntil.put(NODE2, sim.now.plusSeconds(120));

        for (int i = 0; i < 5; i++) {
            sim.now = sim.now.plusSeconds(10);
            Decision decision = sim.round();
            assertThat(decision.next().phase()).isEqualTo(ClusterPhase.JoiningControlPlanes);
            assertThat(released(NODE3).kubeadm()).as("no second control-plane join while node2 joins").isNull();
            assertThat(released(NODE4).kubeadm()).isNull();
            assertThat(decision.next().nodes().get(NODE2).message()).isEqualTo(
                    "kubeadm join attempt 1: running (kubeadm join running)");
            assertThat(decision.next().nodes().get(NODE3).message()).isEqualTo(
                    "prepared, preflight passed; waits for control plane node2.internal to join (one at a time)");
        }
        sim.now = sim.now.plusSeconds(120);
        Decision node2Joined = sim.round();
        assertThat(node2Joined.next().nodes().get(NODE2).joined()).isTrue();
        assertThat(node2Joined.changedNodes()).containsExactly(NODE3);
        assertThat(node2Joined.next().message()).isEqualTo("joining control plane node3.internal (3/3), attempt 1");
        assertThat(released(NODE4).kubeadm()).isNull();

        Decision node3Joined = sim.round();
        assertThat(node3Joined.next().phase()).isEqualTo(ClusterPhase.JoiningWorkers);
        assertThat(node3Joined.changedNodes()).containsExactlyInAnyOrder(NODE4, NODE5);
        assertThat(released(NODE4)).isEqualTo(new Released(false, new KubeadmStep(KubeadmSpec.JOIN, 1,
                sim.now.toString()), "tok000", null, false, false));
        assertThat(node3Joined.next().message()).isEqualTo("joining workers node4.internal, node5.internal (0/2 "
                + "joined)");
    }

    @Test
    void atMostMaxParallelJoinsWorkersJoinAtOnce() {
        BringUpSimulator bounded = new BringUpSimulator(BringUpSimulator.withOrchestration(sim.cluster,
                new io.kubenode.common.cluster.OrchestrationSpec(1, null, null)));
        bounded.roundsUntil(decision -> bounded.record.released(NODE4).kubeadm() != null, 20,
                Duration.ofSeconds(5));

        assertThat(bounded.record.released(NODE5).kubeadm()).isNull();
        assertThat(bounded.record.nodes().get(NODE5).message())
                .isEqualTo("prepared, preflight passed; waits for a free join slot (at most 1 at once)");
        Decision next = bounded.round();
        assertThat(next.changedNodes()).containsExactly(NODE5);
        assertThat(next.next().nodes().get(NODE4).joined()).isTrue();
    }

    @Test
    void aWorkerWhoseHostDriftedDoesNotHoldBackTheOtherWorkers() {
        for (int i = 0; i < 4; i++) {
            sim.round();
        }
        sim.reportAll();
        sim.override(NODE4, SwapSpec.TYPE, "system", "failed", "swapoff -a exited 1");

        Decision decision = sim.decide();

        assertThat(decision.changedNodes()).containsExactly(NODE5);
        assertThat(decision.next().phase()).isEqualTo(ClusterPhase.JoiningWorkers);
        assertThat(decision.next().nodes().get(NODE4).phase()).isEqualTo(NodePhase.Preparing);
        assertThat(decision.next().nodes().get(NODE4).message())
                .isEqualTo("host preparation converging: 1 failed (swap:system)");

        sim.reportAll();
        sim.override(NODE4, SwapSpec.TYPE, "system", "failed", "swapoff -a exited 1");
        Decision blocked = sim.decide();
        assertThat(blocked.next().nodes().get(NODE5).joined()).isTrue();
        assertThat(blocked.next().phase()).as("the one node left waits for its host").isEqualTo(ClusterPhase.Preparing);
        assertThat(blocked.next().message())
                .isEqualTo("node4.internal: host preparation converging: 1 failed (swap:system)");
        assertThat(blocked.next().token().state()).as("node4 is not about to join").isEqualTo(KubeadmTokenSpec.ABSENT);

        Decision unblocked = sim.round();
        assertThat(unblocked.next().phase()).isEqualTo(ClusterPhase.JoiningWorkers);
        assertThat(unblocked.next().token().id()).isEqualTo("tok001");
        assertThat(unblocked.next().message()).isEqualTo("workers node4.internal wait for bootstrap token tok001 to "
                + "be in sync on node1.internal");
        assertThat(released(NODE4).kubeadm()).isNull();
        assertThat(sim.round().changedNodes()).containsExactly(NODE4);
    }

    @Test
    void verificationReleasesTheEndpointProbeToEveryNodeThenReady() {
        Decision verifying = sim.roundsUntil(decision -> decision.next().phase() == ClusterPhase.Verifying, 20,
                Duration.ofSeconds(5));
        assertThat(verifying.changedNodes()).as("node1 has its probe already, but holds the token, deleted now")
                .containsExactlyInAnyOrder(NODE1, NODE2, NODE3, NODE4, NODE5);
        assertThat(verifying.next().token().state()).isEqualTo(KubeadmTokenSpec.ABSENT);
        assertThat(verifying.events()).extracting(OrchestrationEvent::action)
                .contains("token.delete").doesNotContain("token.mint");
        sim.nodeNames().forEach(node -> assertThat(released(node).endpointProbe()).isTrue());
        assertThat(verifying.next().message()).startsWith("1/5 nodes ready; node2.internal: waits for the node to "
                + "apply its current catalog");

        Decision ready = sim.round();
        assertThat(ready.next().phase()).isEqualTo(ClusterPhase.Ready);
        assertThat(ready.next().message()).isEqualTo("5/5 nodes ready (on the agents' evidence alone: the "
                + "controller could not ask the cluster API)");
        sim.nodeNames().forEach(node -> assertThat(ready.next().nodes().get(node).phase())
                .isEqualTo(NodePhase.Ready));
    }

    @Test
    void withTheClusterApiAskedEveryNodeMustBeListedReady() {
        sim.apiReady = Optional.of(Set.of(NODE1, NODE2, NODE3, NODE4));
        sim.roundsUntil(decision -> decision.next().phase() == ClusterPhase.Verifying, 20, Duration.ofSeconds(5));
        Decision decision = sim.round();

        assertThat(decision.next().phase()).isEqualTo(ClusterPhase.Verifying);
        assertThat(decision.next().message())
                .isEqualTo("4/5 nodes ready; node5.internal: the cluster API does not list it Ready");

        sim.apiReady = Optional.of(Set.copyOf(sim.nodeNames()));
        Decision ready = sim.round();
        assertThat(ready.next().phase()).isEqualTo(ClusterPhase.Ready);
        assertThat(ready.next().message()).isEqualTo("5/5 nodes ready");
    }

    @Test
    void aReadyClusterIsDegradedWhenANodeLosesItsHealthAndReadyAgainWhenItRecovers() {
        sim.untilPhase(ClusterPhase.Ready);
        sim.round();
        sim.override(NODE4, ProbeSpec.TYPE, "control-plane-endpoint", "failed", "connection refused");

        Decision degraded = sim.decide();

        assertThat(degraded.next().phase()).isEqualTo(ClusterPhase.Degraded);
        assertThat(degraded.next().message()).isEqualTo(
                "4/5 nodes ready; node4.internal: probe:control-plane-endpoint failed: connection refused");
        assertThat(degraded.next().nodes().get(NODE4).phase()).isEqualTo(NodePhase.Joined);
        assertThat(degraded.changedNodes()).isEmpty();

        Decision back = sim.round();
        assertThat(back.next().phase()).isEqualTo(ClusterPhase.Ready);
        assertThat(back.events()).extracting(OrchestrationEvent::action).containsExactly("phase");
    }

    @Test
    void aNodeThatStopsTalkingIsUnreachableAndTheClusterDegradedUntilItReportsAgain() {
        sim.untilPhase(ClusterPhase.Ready);
        sim.round();
        Instant lastContact = sim.now.minusSeconds(75);
        sim.unreachable.put(NODE4, lastContact);

        Decision silent = sim.decide();

        assertThat(silent.next().phase()).isEqualTo(ClusterPhase.Degraded);
        assertThat(silent.next().nodes().get(NODE4).phase()).isEqualTo(NodePhase.Unreachable);
        assertThat(silent.next().nodes().get(NODE4).message()).isEqualTo("unreachable: no contact since "
                + lastContact + "; it keeps enforcing its cached catalog");
        assertThat(silent.next().message()).isEqualTo("4/5 nodes ready; node4.internal: unreachable: no contact since "
                + lastContact + "; it keeps enforcing its cached catalog");
        assertThat(silent.changedNodes()).as("nothing is released or withdrawn for a silent node").isEmpty();

        sim.unreachable.clear();
        Decision back = sim.round();
        assertThat(back.next().phase()).isEqualTo(ClusterPhase.Ready);
        assertThat(back.next().nodes().get(NODE4).phase()).isEqualTo(NodePhase.Ready);
    }

    @Test
    void aSilentNodeNotJoinedYetShowsUnreachableWithWhatItWaitedForAndNothingElseChanges() {
        sim.round();
        Decision heard = sim.decide();
        String before = heard.next().nodes().get(NODE5).message();
        sim.unreachable.put(NODE5, sim.now.minusSeconds(61));

        Decision silent = sim.decide();

        assertThat(silent.next().nodes().get(NODE5).phase()).isEqualTo(NodePhase.Unreachable);
        assertThat(silent.next().nodes().get(NODE5).message()).isEqualTo("unreachable: no contact since "
                + sim.now.minusSeconds(61) + "; it keeps enforcing its cached catalog; before: " + before);
        assertThat(silent.next().phase()).isEqualTo(heard.next().phase());
        assertThat(silent.next().message()).isEqualTo(heard.next().message());
        assertThat(silent.changedNodes()).isEqualTo(heard.changedNodes());
    }

    @Test
    void aNodeUnreachableSinceTheControllerStartedSaysSo() {
        sim.untilPhase(ClusterPhase.Ready);
        sim.round();
        sim.unreachable.put(NODE2, null);

        Decision silent = sim.decide();

        assertThat(silent.next().nodes().get(NODE2).phase()).isEqualTo(NodePhase.Unreachable);
        assertThat(silent.next().nodes().get(NODE2).message()).startsWith(
                "unreachable: no contact since the controller started");
    }

    @Test
    void aJoinedNodeIsNeverResetOrInitializedAgainItsFailureDegradesTheCluster() {
        sim.untilPhase(ClusterPhase.Ready);
        Released before = released(NODE1);
        sim.override(NODE1, KubeadmSpec.TYPE, KubeadmSpec.NODE, "failed",
                "half-done: /etc/kubernetes/kubelet.conf present but http://127.0.0.1:10248/healthz does not answer");

        Decision decision = sim.decide();

        assertThat(released(NODE1)).isEqualTo(before);
        assertThat(decision.changedNodes()).isEmpty();
        assertThat(decision.next().phase()).isEqualTo(ClusterPhase.Degraded);
        assertThat(decision.next().nodes().get(NODE1).phase()).isEqualTo(NodePhase.Failed);
        assertThat(decision.next().nodes().get(NODE1).message()).startsWith("kubeadm:node failed: half-done");
        assertThat(decision.events()).extracting(OrchestrationEvent::action).containsExactly("phase");
    }

    @Test
    void aStatusOlderThanTheCatalogSaysNothingAboutTheStepReleasedSince() {
        sim.failingAttempts.put(NODE1, Set.of(1));
        sim.round();
        Decision failed = sim.round();
        assertThat(released(NODE1).kubeadm().action()).isEqualTo(KubeadmSpec.RESET);
        assertThat(failed.changedNodes()).containsExactly(NODE1);

        sim.now = sim.now.plusSeconds(60);
        Decision again = sim.decide();

        assertThat(again.changedNodes()).as("the old failed status is not the reset's").isEmpty();
        assertThat(again.events()).isEmpty();
        assertThat(released(NODE1).kubeadm()).isEqualTo(new KubeadmStep(KubeadmSpec.RESET, 1,
                BringUpSimulator.T0.toString()));
    }

    @Test
    void aFailedInitIsResetThenInitializedAgainAfterTheBackoff() {
        sim.failingAttempts.put(NODE1, Set.of(1));
        sim.round();
        Decision failed = sim.round();

        NodeRecord node1 = failed.next().nodes().get(NODE1);
        assertThat(node1.lastFailure()).startsWith("kubeadm init exited 1 after 12.3 s; last output:");
        assertThat(node1.nextAttemptAt()).isEqualTo("2026-12-04T01:00:30Z");
        assertThat(node1.phase()).isEqualTo(NodePhase.Joining);
        assertThat(failed.wakeAt()).contains(BringUpSimulator.T0.plusSeconds(30));
        assertThat(failed.events()).extracting(OrchestrationEvent::action, OrchestrationEvent::step)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("step.failed", "init"),
                        org.assertj.core.groups.Tuple.tuple("step.release", "reset"));
        assertThat(failed.next().message()).isEqualTo("initializing node1.internal, attempt 1 failed (kubeadm init "
                + "exited 1 after 12.3 s; last output:); reset, attempt 2 not before 2026-12-04T01:00:30Z");

        sim.now = BringUpSimulator.T0.plusSeconds(29);
        assertThat(sim.round().changedNodes()).as("reset in sync, backoff not over").isEmpty();

        sim.now = BringUpSimulator.T0.plusSeconds(30);
        Decision retried = sim.round();
        assertThat(retried.changedNodes()).containsExactly(NODE1);
        assertThat(released(NODE1).kubeadm()).isEqualTo(new KubeadmStep(KubeadmSpec.INIT, 2, sim.now.toString()));
        assertThat(released(NODE1).initToken()).isEqualTo("tok000");
        assertThat(retried.next().token().validUntil()).isEqualTo(sim.now.plus(Duration.ofMinutes(15)).toString());
        assertThat(retried.next().nodes().get(NODE1).attempts()).isEqualTo(2);
        assertThat(retried.events()).extracting(OrchestrationEvent::action, OrchestrationEvent::step)
                .contains(org.assertj.core.groups.Tuple.tuple("step.retry", "init"));
        assertThat(retried.tokenCandidateUsed()).isFalse();
    }

    @Test
    void aFailedControlPlaneJoinIsResetAndRetriedWithDoublingBackoffAndHoldsBackTheNext() {
        sim.failingAttempts.put(NODE2, Set.of(1, 2));
        sim.roundsUntil(decision -> released(NODE2).kubeadm() != null, 10, Duration.ofSeconds(5));
        sim.now = sim.now.plusSeconds(5);
        Decision failed = sim.round();
        var failedAt = sim.now;
        assertThat(released(NODE2).kubeadm()).isEqualTo(new KubeadmStep(KubeadmSpec.RESET, 1, failedAt.toString()));
        assertThat(released(NODE2).clusterPki()).isTrue();
        assertThat(failed.events()).extracting(OrchestrationEvent::action, OrchestrationEvent::step)
                .contains(org.assertj.core.groups.Tuple.tuple("step.failed", "join-control-plane"));

        sim.now = failedAt.plusSeconds(10);
        Decision resetDone = sim.round();
        assertThat(released(NODE3).kubeadm()).as("a control plane being reset still holds its turn").isNull();
        assertThat(resetDone.next().phase()).isEqualTo(ClusterPhase.JoiningControlPlanes);
        assertThat(resetDone.wakeAt()).contains(failedAt.plusSeconds(30));

        sim.now = failedAt.plusSeconds(30);
        Decision retry = sim.round();
        assertThat(released(NODE2).kubeadm()).isEqualTo(new KubeadmStep(KubeadmSpec.JOIN, 2, sim.now.toString()));
        assertThat(retry.events()).extracting(OrchestrationEvent::action, OrchestrationEvent::step)
                .contains(org.assertj.core.groups.Tuple.tuple("step.retry", "join-control-plane"));

        sim.now = sim.now.plusSeconds(5);
        Decision failedAgain = sim.round();
        assertThat(failedAgain.next().nodes().get(NODE2).nextAttemptAt())
                .isEqualTo(sim.now.plusSeconds(60).toString());
        sim.now = sim.now.plusSeconds(60);
        sim.round();
        Decision joined = sim.round();
        assertThat(joined.next().nodes().get(NODE2).joined()).isTrue();
        assertThat(joined.next().nodes().get(NODE2).attempts()).isEqualTo(3);
        assertThat(released(NODE3).kubeadm()).isNotNull();
        assertThat(sim.eventsNamed("step.retry")).hasSize(2);
    }

    @Test
    void aFailedWorkerJoinIsCountedAsAWorkerRetry() {
        sim.failingAttempts.put(NODE5, Set.of(1));
        sim.untilPhase(ClusterPhase.Ready);

        assertThat(sim.eventsNamed("step.retry")).extracting(OrchestrationEvent::node, OrchestrationEvent::step)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(NODE5, "join-worker"));
        assertThat(sim.record.nodes().get(NODE5).lastFailure()).contains("simulated failure of attempt 1");
    }

    @Test
    void aWorkerStoppedByKubeadmsOwnPreflightIsPreflightFailedUntilItsRetryAndTheOthersGoOn() {
        sim.failingAttempts.put(NODE5, Set.of(1));
        sim.failureDetails.put(NODE5, "preflight checks failed: Swap: running with swap on is not supported. "
                + "Please disable swap");
        sim.roundsUntil(decision -> NODE5_FAILED.test(sim), 60, Duration.ofSeconds(5));

        NodeRecord node5 = sim.record.nodes().get(NODE5);
        assertThat(node5.phase()).isEqualTo(NodePhase.PreflightFailed);
        assertThat(node5.message()).startsWith("attempt 1 failed (kubeadm join exited 1 after 12.3 s; preflight "
                + "checks failed: Swap: running with swap on is not supported. Please disable swap; last output:); "
                + "reset, attempt 2 not before ");
        assertThat(sim.record.nodes().get(NODE4).joined()).as("the other worker does not wait for it").isTrue();

        Decision ready = sim.untilPhase(ClusterPhase.Ready);
        assertThat(ready.next().nodes().get(NODE5).phase()).isEqualTo(NodePhase.Ready);
        assertThat(sim.eventsNamed("step.retry")).extracting(OrchestrationEvent::node).containsExactly(NODE5);
    }

    /** node5's first attempt failed and its reset is released: the backoff before attempt 2. */
    private static final java.util.function.Predicate<BringUpSimulator> NODE5_FAILED = s ->
            s.record.released(NODE5).kubeadm() != null
                    && KubeadmSpec.RESET.equals(s.record.released(NODE5).kubeadm().action());

    @Test
    void aFailureOtherThanKubeadmsPreflightKeepsTheNodeJoining() {
        sim.failingAttempts.put(NODE5, Set.of(1));
        sim.roundsUntil(decision -> NODE5_FAILED.test(sim), 60, Duration.ofSeconds(5));

        assertThat(sim.record.nodes().get(NODE5).phase()).isEqualTo(NodePhase.Joining);
    }

    @Test
    void backoffIsThirtySecondsDoublingToTenMinutes() {
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 30).stream().map(Backoff::after).map(Duration::toSeconds).toList())
                .containsExactly(30L, 60L, 120L, 240L, 480L, 600L, 600L, 600L);
    }

    @Test
    void aNodeNoLongerInTheDocumentIsDroppedFromTheRecord() {
        sim.round();
        List<NodeSpec> fewer = sim.cluster.spec().nodes().subList(0, 4);
        sim.cluster = PreflightFixtures.withSpec(sim.cluster, spec -> PreflightFixtures.withNodes(spec, fewer));

        Decision decision = sim.decide();

        assertThat(decision.next().nodes().keySet()).containsExactly(NODE1, NODE2, NODE3, NODE4);
        assertThat(decision.changedNodes()).isEmpty();
    }

    @Test
    void aDocumentWithoutNodesOrWithoutAControlPlaneIsSaidSoNotGuessed() {
        var empty = PreflightFixtures.withSpec(sim.cluster, spec -> PreflightFixtures.withNodes(spec, List.of()));
        Decision none = Orchestrator.decide(new OrchestrationInput(empty, Map.of(), Map.of(), null,
                BringUpSimulator.T0, "tok000", Optional.empty()));
        assertThat(none.next().phase()).isEqualTo(ClusterPhase.WaitingForNodes);
        assertThat(none.next().message()).isEqualTo("spec.nodes names no node");

        List<NodeSpec> workers = sim.cluster.spec().nodes().subList(3, 5);
        BringUpSimulator noControlPlane = new BringUpSimulator(PreflightFixtures.withSpec(sim.cluster,
                spec -> PreflightFixtures.withNodes(spec, workers)));
        Decision decision = noControlPlane.round();
        assertThat(decision.next().phase()).isEqualTo(ClusterPhase.Failed);
        assertThat(decision.next().message()).isEqualTo("spec.nodes has no control-plane node to initialize the "
                + "cluster on");
        assertThat(decision.changedNodes()).isEmpty();
    }

    @Test
    void failureMessagesKeepNoTokenSecret() {
        assertThat(FailureText.redacted("kubeadm join --token abcdef.0123456789abcdef failed"))
                .isEqualTo("kubeadm join --token abcdef.<redacted> failed");
        sim.roundsUntil(decision -> released(NODE2).kubeadm() != null, 10, Duration.ofSeconds(5));
        sim.reportAll();
        sim.override(NODE2, KubeadmSpec.TYPE, KubeadmSpec.NODE, "failed",
                "kubeadm join exited 1 after 3 s; last output:\nkubeadm join k8s-cp.internal:8888 --token "
                        + "tok000.0123456789abcdef");
        Decision decision = sim.decide();

        assertThat(decision.next().nodes().get(NODE2).lastFailure()).contains("tok000.<redacted>")
                .doesNotContain("0123456789abcdef");
        assertThat(decision.events()).allSatisfy(event -> assertThat(event.detail())
                .doesNotContain("0123456789abcdef"));
    }

    private Released released(String node) {
        return sim.record.released(node);
    }

    private static NodeStatus withFacts(NodeStatus status, io.kubenode.common.status.Facts facts, String uuid) {
        var changed = new io.kubenode.common.status.Facts(facts.hostname(), facts.machineId(), uuid,
                facts.interfaces(), facts.cpus(), facts.memoryBytes(), facts.swapBytes(), facts.kernel(),
                facts.osId(), facts.osVersion(), facts.osFamily(), facts.selinux(), facts.cgroupVersion(),
                facts.containerdVersion(), facts.kubeletVersion(), facts.containerdCgroupDriver(),
                facts.kubeletCgroupDriver(), null);
        return new NodeStatus(status.node(), status.observedGeneration(), status.appliedGeneration(),
                status.contentHash(), status.converged(), status.sandbox(), status.reportedAt(), status.lastPass(),
                status.counts(), status.resources(), status.conditions(), changed);
    }
}
