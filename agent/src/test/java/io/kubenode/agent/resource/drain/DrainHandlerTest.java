package io.kubenode.agent.resource.drain;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.engine.ResourceReport;
import io.kubenode.agent.policy.AgentPolicy;
import io.kubenode.common.catalog.DrainSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.cluster.OsFamily;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cordon, drain and uncordon through a faked kubectl: in sync only when cordoned with no evictable pod left (DaemonSet
 * and mirror pods stay), a blocked drain fails with kubectl's output, an unknown node fails, an API that does not
 * answer is not ready.
 */
class DrainHandlerTest {
    private static final String ADMIN = "/etc/kubernetes/admin.conf";
    private static final String NODE = "node4.internal";
    private static final List<String> GET_NODE = List.of("kubectl", "--kubeconfig", ADMIN, "get", "node", NODE, "-o",
            "json");
    private static final List<String> GET_PODS = List.of("kubectl", "--kubeconfig", ADMIN, "get", "pods",
            "--all-namespaces", "--field-selector", "spec.nodeName=" + NODE, "-o", "json");
    private static final List<String> DRAIN = List.of("kubectl", "--kubeconfig", ADMIN, "drain", NODE,
            "--ignore-daemonsets", "--delete-emptydir-data", "--timeout=300s");
    private static final List<String> UNCORDON = List.of("kubectl", "--kubeconfig", ADMIN, "uncordon", NODE);

    @TempDir
    Path root;

    private FakeKubectlHost host;
    private final EngineHarness engine = new EngineHarness(OsFamily.RHEL);
    private final NodeCatalog drained = EngineHarness.catalogOf(new DrainSpec(NODE, true, ADMIN, 300));
    private final NodeCatalog uncordoned = EngineHarness.catalogOf(new DrainSpec(NODE, false, ADMIN, 300));

    @BeforeEach
    void controlPlane() throws IOException {
        Files.createDirectories(root.resolve("etc/kubernetes"));
        Files.writeString(root.resolve("etc/kubernetes/admin.conf"), "apiVersion: v1\n");
        host = new FakeKubectlHost(root).pod("kube-system", "kube-proxy-x7k2p", "DaemonSet")
                .pod("default", "web-1", "ReplicaSet").pod("default", "web-2", "ReplicaSet")
                .pod("monitoring", "prometheus-0", "StatefulSet")
                .pod(new FakeKubectlHost.Pod("kube-system", "kube-apiserver-" + NODE, "Node", true, "Running"));
    }

    @Test
    void aNodeWithPodsIsCordonedAndDrainedOnceThenInSync() {
        Report plan = engine.plan(drained, host);
        assertThat(plan.changes()).containsExactly("~ drain:" + NODE + " cordon; 3 pods left on " + NODE
                + " (default/web-1, default/web-2, monitoring/prometheus-0): run " + String.join(" ", DRAIN));

        engine.assertIdempotent(drained, host);

        assertThat(host.commands).filteredOn(argv -> argv.get(3).equals("drain")).containsExactly(DRAIN);
        assertThat(host.timeouts.get(host.commands.indexOf(DRAIN))).isEqualTo(Duration.ofSeconds(330));
        assertThat(host.commands.subList(0, 2)).containsExactly(GET_NODE, GET_PODS);
        assertThat(host.cordoned).isTrue();
        assertThat(host.pods).containsOnlyKeys("kube-system/kube-proxy-x7k2p", "kube-system/kube-apiserver-" + NODE);
        ResourceReport after = engine.apply(drained, host).resources().get(0);
        assertThat(after.state()).isEqualTo("in_sync");
        assertThat(after.message()).isEqualTo("cordoned and drained (3 pods evicted)");
    }

    @Test
    void aCordonedNodeWithOnlyDaemonSetMirrorAndFinishedPodsIsInSync() {
        host.cordoned = true;
        host.pods.remove("default/web-1");
        host.pods.remove("default/web-2");
        host.pods.remove("monitoring/prometheus-0");
        host.pod(new FakeKubectlHost.Pod("batch", "report-28471", "Job", false, "Succeeded"));

        ResourceReport report = engine.apply(drained, host).resources().get(0);

        assertThat(report.state()).isEqualTo("in_sync");
        assertThat(report.message()).isEqualTo("cordoned and drained (no pod left to evict)");
        assertThat(host.commands).containsExactly(GET_NODE, GET_PODS);
    }

    @Test
    void aNodeWithoutPodsToEvictIsStillCordoned() {
        host.pods.remove("default/web-1");
        host.pods.remove("default/web-2");
        host.pods.remove("monitoring/prometheus-0");

        assertThat(engine.plan(drained, host).changes()).containsExactly("~ drain:" + NODE + " cordon (no pod to "
                + "evict): run " + String.join(" ", DRAIN));
        engine.assertIdempotent(drained, host);

        assertThat(host.cordoned).isTrue();
        assertThat(engine.apply(drained, host).resources().get(0).message()).isEqualTo("cordoned and drained (0 pods "
                + "evicted)");
    }

    @Test
    void aCordonedNodeWithAPodLeftIsDrainedAgain() {
        host.cordoned = true;
        host.pods.remove("default/web-2");
        host.pods.remove("monitoring/prometheus-0");

        Report plan = engine.plan(drained, host);

        assertThat(plan.changes()).containsExactly("~ drain:" + NODE + " cordoned; 1 pod left on " + NODE
                + " (default/web-1): run " + String.join(" ", DRAIN));
    }

    @Test
    void aLongListOfPodsNamesFiveAndCountsTheRest() {
        for (int i = 3; i <= 9; i++) {
            host.pod("default", "web-" + i, "ReplicaSet");
        }

        String change = engine.plan(drained, host).changes().get(0);

        assertThat(change).startsWith("~ drain:" + NODE + " cordon; 10 pods left on " + NODE + " (default/web-1, "
                + "default/web-2, monitoring/prometheus-0, default/web-3, default/web-4, ... 5 more): run kubectl");
    }

    @Test
    void aDrainBlockedByAPodDisruptionBudgetFailsWithExitCodeAndOutputAndTheNodeStaysCordoned() {
        host.pdbBlocks = true;

        ResourceReport report = engine.apply(drained, host).resources().get(0);

        assertThat(report.state()).isEqualTo("failed");
        assertThat(report.message()).startsWith("kubectl drain exited 1 after 1.2 s; not every pod left " + NODE
                + " within 300 s (a PodDisruptionBudget or a pod without a controller blocks its eviction); the node "
                + "stays cordoned; last output:\n").contains("Cannot evict pod as it would violate the pod's "
                + "disruption budget", "global timeout reached: 300s");
        assertThat(host.cordoned).isTrue();
        assertThat(engine.apply(drained, host).resources().get(0).state()).isEqualTo("failed");
    }

    @Test
    void anApiNotAnsweringIsNotReadyNotFailed() {
        host.apiDown = true;

        ResourceReport report = engine.apply(drained, host).resources().get(0);

        assertThat(report.state()).isEqualTo("not_ready");
        assertThat(report.message()).startsWith("kubectl get node exited 1 after 1.2 s; the API does not answer; "
                + "last output:\nThe connection to the server");
        assertThat(host.commands).containsExactly(GET_NODE);
    }

    @Test
    void aNodeTheApiDoesNotKnowFailsSayingSo() {
        host.node = "node5.internal";

        ResourceReport report = engine.apply(drained, host).resources().get(0);

        assertThat(report.state()).isEqualTo("failed");
        assertThat(report.message()).isEqualTo("the Kubernetes API knows no node " + NODE + " (kubectl get node: "
                + "NotFound); spec.node must be the node's registered name");
        assertThat(host.commands).containsExactly(GET_NODE);
    }

    @Test
    void aCordonedNodeIsUncordonedOnceWithoutListingItsPods() {
        host.cordoned = true;

        Report plan = engine.plan(uncordoned, host);
        assertThat(plan.changes()).containsExactly("~ drain:" + NODE + " cordoned: run " + String.join(" ",
                UNCORDON));
        engine.assertIdempotent(uncordoned, host);

        assertThat(host.cordoned).isFalse();
        assertThat(host.commands).filteredOn(argv -> argv.get(3).equals("uncordon")).containsExactly(UNCORDON);
        assertThat(host.commands).doesNotContain(GET_PODS, DRAIN);
        assertThat(host.pods).containsKey("default/web-1");
        assertThat(engine.apply(uncordoned, host).resources().get(0).message()).isEqualTo(NODE + " is schedulable");
    }

    @Test
    void withoutTheAdminKubeconfigItWaitsAndRunsNothing() throws IOException {
        Files.delete(root.resolve("etc/kubernetes/admin.conf"));

        ResourceReport report = engine.apply(drained, host).resources().get(0);

        assertThat(report.state()).isEqualTo("not_ready");
        assertThat(report.message()).isEqualTo("waiting for " + ADMIN + " (written by kubeadm on a control plane)");
        assertThat(host.commands).isEmpty();
    }

    @Test
    void theDefaultPolicyAcceptsADrainAndRefusesAnOptionLikeNodeBeforeAnythingRuns() {
        DrainSpec spec = new DrainSpec(NODE, true, ADMIN, 300);
        assertThat(AgentPolicy.defaults().refusal(spec, new DrainHandler().writes(spec))).isEmpty();

        ResourceReport report = engine.apply(EngineHarness.catalogOf(new DrainSpec("--all", true, ADMIN, 300)), host)
                .resources().get(0);

        assertThat(report.state()).isEqualTo("failed");
        assertThat(report.message()).startsWith(AgentPolicy.REFUSED + "field checks: spec.node: expected a "
                + "Kubernetes node name");
        assertThat(host.commands).isEmpty();
    }
}
