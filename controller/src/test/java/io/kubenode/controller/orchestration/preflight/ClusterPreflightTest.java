package io.kubenode.controller.orchestration.preflight;

import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.KernelModuleSpec;
import io.kubenode.common.catalog.ProbeSpec;
import io.kubenode.common.catalog.SwapSpec;
import io.kubenode.common.catalog.SysctlSpec;
import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.HostSpec;
import io.kubenode.common.cluster.NodeSpec;
import io.kubenode.common.cluster.Swap;
import io.kubenode.common.status.NodeStatus;
import io.kubenode.controller.compiler.runtime.ContainerRuntimeBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static io.kubenode.controller.orchestration.preflight.PreflightFixtures.GIB;
import static io.kubenode.controller.orchestration.preflight.PreflightFixtures.healthy;
import static io.kubenode.controller.orchestration.preflight.PreflightFixtures.seed;
import static io.kubenode.controller.orchestration.preflight.PreflightFixtures.withFacts;
import static io.kubenode.controller.orchestration.preflight.PreflightFixtures.withHost;
import static io.kubenode.controller.orchestration.preflight.PreflightFixtures.withNodes;
import static io.kubenode.controller.orchestration.preflight.PreflightFixtures.withResource;
import static io.kubenode.controller.orchestration.preflight.PreflightFixtures.withSpec;
import static io.kubenode.controller.orchestration.preflight.PreflightFixtures.withoutContainerRuntime;
import static org.assertj.core.api.Assertions.assertThat;

class ClusterPreflightTest {
    private static final String CP1 = "node1.internal";
    private static final String CP2 = "node2.internal";
    private static final String WORKER4 = "node4.internal";
    private static final String WORKER5 = "node5.internal";
    private static final long MIB = 1024 * 1024;

    /** One row: a change to the seed's healthy input, and the one failure it must produce. */
    record Row(String name, Cluster cluster, Map<String, NodeStatus> statuses, String node, PreflightCheck check,
               boolean permanent, String saw) {
        @Override
        public String toString() {
            return name;
        }
    }

    @Test
    void theSeedsThreePlusTwoLayoutPassesWhenEveryHostIsPrepared() {
        PreflightResult result = ClusterPreflight.check(seed(), healthy(seed()));

        assertThat(result.failures()).isEmpty();
        assertThat(result.passed()).isTrue();
        assertThat(result.nodes()).extracting(NodePreflight::verdict).containsOnly(NodePreflight.Verdict.PASSED)
                .hasSize(5);
        assertThat(result.node(CP1).orElseThrow().passed()).as("every check applies to a control plane")
                .containsExactlyInAnyOrder(allBut(PreflightCheck.ODD_CONTROL_PLANE_COUNT));
        assertThat(result.node(WORKER4).orElseThrow().passed()).as("the size checks are for control planes only")
                .containsExactlyInAnyOrder(allBut(PreflightCheck.ODD_CONTROL_PLANE_COUNT,
                        PreflightCheck.CONTROL_PLANE_CPUS, PreflightCheck.CONTROL_PLANE_MEMORY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void eachFailureNamesTheNodeTheCheckAndTheFactItSaw(Row row) {
        PreflightResult result = ClusterPreflight.check(row.cluster(), row.statuses());

        assertThat(result.passed()).isFalse();
        assertThat(result.failures()).as(row.name()).hasSize(1);
        PreflightFailure failure = result.failures().get(0);
        assertThat(failure.node()).isEqualTo(row.node());
        assertThat(failure.check()).isEqualTo(row.check());
        assertThat(failure.permanent()).as("permanent").isEqualTo(row.permanent());
        assertThat(failure.saw()).contains(row.saw());
        assertThat(failure.message()).startsWith((row.node() == null ? "cluster" : row.node()) + ": "
                + row.check().id() + ": ").contains(row.saw());
        assertThat(result.failedPermanently()).isEqualTo(row.permanent());
        if (row.node() != null) {
            NodePreflight node = result.node(row.node()).orElseThrow();
            assertThat(node.verdict()).isEqualTo(NodePreflight.Verdict.FAILED);
            assertThat(node.passed()).doesNotContain(row.check());
        }
    }

    static Stream<Row> failures() {
        Cluster seed = seed();
        return Stream.of(
                row("control-plane CPUs 1", node(CP2, f -> f.size(1, 2 * GIB, 0)),
                        CP2, PreflightCheck.CONTROL_PLANE_CPUS, true, "1 CPU"),
                row("control-plane CPUs not reported", node(CP2, f -> f.size(0, 2 * GIB, 0)),
                        CP2, PreflightCheck.CONTROL_PLANE_CPUS, false, "not reported"),
                row("control-plane memory 1699 MiB", node(CP1, f -> f.size(2, 1699 * MIB, 0)),
                        CP1, PreflightCheck.CONTROL_PLANE_MEMORY, true, "memory 1699 MiB"),
                row("swap on, the document turns it off, the swap resource not converged yet",
                        resource(WORKER5, SwapSpec.TYPE, "system", "failed", "swapoff /dev/sda2: exit 255"),
                        WORKER5, PreflightCheck.SWAP_OFF, false, "swap:system is failed in the last pass "
                                + "(swapoff /dev/sda2: exit 255)"),
                row("swap on and no swap outcome yet", change(s -> {
                    s.put(WORKER5, withFacts(withResource(s.get(WORKER5), SwapSpec.TYPE, "system", null, null),
                            f -> f.size(2, 2 * GIB, 1024 * MIB)));
                }), WORKER5, PreflightCheck.SWAP_OFF, false, "swap 1024 MiB active"),
                new Row("swap on and the document leaves it on", withSpec(seed, spec -> withHost(spec,
                        new HostSpec(spec.host().osFamily(), Swap.ON, spec.host().selinux(),
                                spec.host().kernelModules(), spec.host().sysctl(), spec.host().packages(), null, null, null))),
                        change(s -> s.put(WORKER4, withFacts(withResource(s.get(WORKER4), SwapSpec.TYPE, "system",
                                null, null), f -> f.size(2, 2 * GIB, 512 * MIB)))),
                        WORKER4, PreflightCheck.SWAP_OFF, true, "spec.host.swap does not turn it off"),
                row("br_netfilter not loaded yet", resource(WORKER4, KernelModuleSpec.TYPE, "br_netfilter",
                        "failed", "modprobe br_netfilter: exit 1"),
                        WORKER4, PreflightCheck.BRIDGE_NETFILTER, false, "kernelModule:br_netfilter is failed"),
                row("br_netfilter skipped", resource(WORKER4, KernelModuleSpec.TYPE, "br_netfilter", "skipped",
                        "blocked by file:/etc/modules-load.d/k8s.conf"),
                        WORKER4, PreflightCheck.BRIDGE_NETFILTER, false, "is skipped"),
                row("a bridge sysctl not converged", resource(CP2, SysctlSpec.TYPE,
                        "net.bridge.bridge-nf-call-ip6tables", "not_ready", "/proc/sys/net/bridge missing"),
                        CP2, PreflightCheck.BRIDGE_SYSCTLS, false, "sysctl:net.bridge.bridge-nf-call-ip6tables "
                                + "is not_ready"),
                row("a bridge sysctl without an outcome", resource(CP2, SysctlSpec.TYPE,
                        "net.bridge.bridge-nf-call-iptables", null, null),
                        CP2, PreflightCheck.BRIDGE_SYSCTLS, false, "has no outcome in the node's last pass"),
                new Row("the document sets a bridge sysctl to 0 on one node", withSpec(seed, spec -> withNodes(spec,
                        replaceNode(spec.nodes(), WORKER5, n -> new NodeSpec(n.name(), n.address(), n.role(),
                                n.init(), n.osFamily(), n.kernelModules(),
                                Map.of("net.bridge.bridge-nf-call-iptables", "0"), n.packages(), null)))),
                        healthy(seed), WORKER5, PreflightCheck.BRIDGE_SYSCTLS, true,
                        "the document sets net.bridge.bridge-nf-call-iptables = 0"),
                row("ip_forward not converged", resource(CP1, SysctlSpec.TYPE, "net.ipv4.ip_forward", "failed",
                        "write /proc/sys/net/ipv4/ip_forward: read-only file system"),
                        CP1, PreflightCheck.IP_FORWARD, false, "read-only file system"),
                row("a plan pass's changed does not count as done", change(s -> s.put(CP1,
                        PreflightFixtures.status(CP1, s.get(CP1).facts(), withState(s.get(CP1),
                                SysctlSpec.TYPE, "net.ipv4.ip_forward", "changed").resources(), "plan"))),
                        CP1, PreflightCheck.IP_FORWARD, false, "is changed in the last pass"),
                row("CRI not answering yet", resource(WORKER4, ProbeSpec.TYPE, ContainerRuntimeBuilder.CRI_PROBE,
                        "failed", "connect /run/containerd/containerd.sock: connection refused"),
                        WORKER4, PreflightCheck.CRI_ANSWERING, false, "connection refused"),
                row("containerd's config not rewritten yet and on cgroupfs", change(s -> s.put(CP2,
                        withFacts(withResource(s.get(CP2), FileSpec.TYPE, ContainerRuntimeBuilder.CONFIG_FILE,
                                "failed", "disk full"), f -> f.cgroupDrivers("cgroupfs", null)))),
                        CP2, PreflightCheck.CGROUP_DRIVER_MATCH, false, "containerd uses cgroupfs"),
                row("containerd's driver unknown", change(s -> s.put(CP2,
                        withFacts(withResource(s.get(CP2), FileSpec.TYPE, ContainerRuntimeBuilder.CONFIG_FILE,
                                null, null), f -> f.cgroupDrivers(null, null)))),
                        CP2, PreflightCheck.CGROUP_DRIVER_MATCH, false, "containerd's cgroup driver is not reported"),
                row("a kubelet config left by an earlier kubeadm run on cgroupfs", node(WORKER5,
                        f -> f.cgroupDrivers("systemd", "cgroupfs")),
                        WORKER5, PreflightCheck.CGROUP_DRIVER_MATCH, false, "the kubelet uses cgroupfs"),
                new Row("even control-plane count", withSpec(seed, spec -> withNodes(spec,
                        replaceNode(spec.nodes(), WORKER4, n -> new NodeSpec(n.name(), n.address(),
                                NodeSpec.CONTROL_PLANE, n.init(), n.osFamily(), n.kernelModules(), n.sysctl(),
                                n.packages(), null)))),
                        healthy(seed), null, PreflightCheck.ODD_CONTROL_PLANE_COUNT, true,
                        "4 control-plane nodes"));
    }

    @Test
    void aDocumentThatDoesNotLoadBrNetfilterFailsEveryNodePermanently() {
        Cluster cluster = withSpec(seed(), spec -> withHost(spec, new HostSpec(spec.host().osFamily(),
                spec.host().swap(), spec.host().selinux(), List.of("overlay"), spec.host().sysctl(),
                spec.host().packages(), null, null, null)));
        Map<String, NodeStatus> statuses = healthy(seed());
        statuses.replaceAll((name, status) -> withResource(status, KernelModuleSpec.TYPE, "br_netfilter", null, null));

        PreflightResult result = ClusterPreflight.check(cluster, statuses);

        assertThat(result.failedPermanently()).isTrue();
        assertThat(result.failures()).hasSize(5).allSatisfy(failure -> {
            assertThat(failure.check()).isEqualTo(PreflightCheck.BRIDGE_NETFILTER);
            assertThat(failure.message()).startsWith(failure.node() + ": BridgeNetfilter: br_netfilter is not in "
                    + "spec.host.kernelModules");
        });
    }

    @Test
    void aDuplicateProductUuidFailsBothNodesPermanentlyNamingTheOther() {
        Map<String, NodeStatus> statuses = healthy(seed());
        statuses.put(WORKER4, withFacts(statuses.get(WORKER4),
                f -> f.productUuid("4C4C4544-0042-3510-8056-B4C04F384B32")));
        statuses.put(WORKER5, withFacts(statuses.get(WORKER5),
                f -> f.productUuid("4c4c4544-0042-3510-8056-b4c04f384b32")));

        PreflightResult result = ClusterPreflight.check(seed(), statuses);

        assertThat(result.failures()).extracting(PreflightFailure::message).containsExactly(
                "node4.internal: UniqueProductUUID: product_uuid 4c4c4544-0042-3510-8056-b4c04f384b32 is also "
                        + "node5.internal's; expected a product_uuid no other node has",
                "node5.internal: UniqueProductUUID: product_uuid 4c4c4544-0042-3510-8056-b4c04f384b32 is also "
                        + "node4.internal's; expected a product_uuid no other node has");
        assertThat(result.failedPermanently()).isTrue();
    }

    @Test
    void aDuplicateMacAndHostnameFailEveryHolder() {
        Map<String, NodeStatus> statuses = healthy(seed());
        statuses.put(CP1, withFacts(statuses.get(CP1), f -> f.mac("52:54:00:AA:BB:CC")));
        statuses.put(CP2, withFacts(statuses.get(CP2), f -> f.mac("52:54:00:aa:bb:cc")));
        statuses.put(WORKER5, withFacts(statuses.get(WORKER5), f -> f.mac("52:54:00:aa:bb:cc").hostname(CP1)));

        PreflightResult result = ClusterPreflight.check(seed(), statuses);

        assertThat(result.failures()).extracting(PreflightFailure::message).containsExactly(
                "node1.internal: UniqueHostname: hostname node1.internal is also node5.internal's; "
                        + "expected a hostname no other node has",
                "node1.internal: UniqueMAC: MAC 52:54:00:aa:bb:cc is also node2.internal's, node5.internal's; "
                        + "expected a MAC no other node has",
                "node2.internal: UniqueMAC: MAC 52:54:00:aa:bb:cc is also node1.internal's, node5.internal's; "
                        + "expected a MAC no other node has",
                "node5.internal: UniqueHostname: hostname node1.internal is also node1.internal's; "
                        + "expected a hostname no other node has",
                "node5.internal: UniqueMAC: MAC 52:54:00:aa:bb:cc is also node1.internal's, node2.internal's; "
                        + "expected a MAC no other node has");
        assertThat(result.failures()).allMatch(PreflightFailure::permanent);
    }

    @Test
    void unknownIdentitiesAndTheAllZeroMacAreNotCompared() {
        Map<String, NodeStatus> statuses = healthy(seed());
        statuses.replaceAll((name, status) -> withFacts(status, f -> f.productUuid(null)));

        PreflightResult result = ClusterPreflight.check(seed(), statuses);

        assertThat(result.passed()).as("every fixture node also has a tunl0 with the all-zero MAC").isTrue();
    }

    @Test
    void aControlPlaneOfExactlyTheMinimumPassesAndAWorkerIsNotSized() {
        Map<String, NodeStatus> statuses = healthy(seed());
        statuses.put(CP1, withFacts(statuses.get(CP1), f -> f.size(2, 1700 * MIB, 0)));
        statuses.put(WORKER4, withFacts(statuses.get(WORKER4), f -> f.size(1, 1024 * MIB, 0)));

        assertThat(ClusterPreflight.check(seed(), statuses).passed()).isTrue();
    }

    @Test
    void fresherResourceOutcomesWinOverFactsAFewMinutesOld() {
        Map<String, NodeStatus> statuses = healthy(seed());
        statuses.put(CP1, withFacts(statuses.get(CP1), f -> f.size(2, 2 * GIB, 1024 * MIB)
                .cgroupDrivers("cgroupfs", null)));

        assertThat(ClusterPreflight.check(seed(), statuses).passed())
                .as("swap:system and config.toml in sync in the last pass; the facts predate them").isTrue();
    }

    @Test
    void aNodeWithoutStatusOrFactsIsNotReadyNotFailed() {
        Map<String, NodeStatus> statuses = healthy(seed());
        statuses.remove(WORKER4);
        NodeStatus noFacts = statuses.get(WORKER5);
        statuses.put(WORKER5, PreflightFixtures.status(WORKER5, null, noFacts.resources(), "apply"));
        statuses.put("node9.internal", statuses.get(CP1));

        PreflightResult result = ClusterPreflight.check(seed(), statuses);

        assertThat(result.failures()).isEmpty();
        assertThat(result.passed()).isFalse();
        assertThat(result.failedPermanently()).isFalse();
        assertThat(result.notReady()).containsExactly(WORKER4, WORKER5);
        assertThat(result.node(WORKER4).orElseThrow().notReadyReason()).isEqualTo("no status reported yet");
        assertThat(result.node(WORKER5).orElseThrow().notReadyReason()).isEqualTo("no facts reported yet");
        assertThat(result.node("node9.internal")).as("a node the document does not name").isEmpty();
    }

    @Test
    void withoutAContainerRuntimeInTheDocumentNeitherCriNorCgroupCanBeCheckedAndThatIsPermanent() {
        Cluster cluster = withSpec(seed(), PreflightFixtures::withoutContainerRuntime);

        PreflightResult result = ClusterPreflight.check(cluster, healthy(seed()));

        assertThat(result.failedPermanently()).isTrue();
        assertThat(result.node(CP1).orElseThrow().failures()).extracting(PreflightFailure::check)
                .containsExactly(PreflightCheck.CRI_ANSWERING, PreflightCheck.CGROUP_DRIVER_MATCH);
    }

    @Test
    void checkIdsAreStable() {
        assertThat(Stream.of(PreflightCheck.values()).map(PreflightCheck::id)).containsExactly(
                "UniqueHostname", "UniqueMAC", "UniqueProductUUID", "ControlPlaneCPUs", "ControlPlaneMemory",
                "SwapOff", "BridgeNetfilter", "BridgeSysctls", "IPForward", "CRIAnswering", "CgroupDriverMatch",
                "FirewallPorts", "OddControlPlaneCount");
    }

    private static Row row(String name, Map<String, NodeStatus> statuses, String node, PreflightCheck check,
                           boolean permanent, String saw) {
        return new Row(name, seed(), statuses, node, check, permanent, saw);
    }

    private static Map<String, NodeStatus> change(java.util.function.Consumer<Map<String, NodeStatus>> change) {
        Map<String, NodeStatus> statuses = new LinkedHashMap<>(healthy(seed()));
        change.accept(statuses);
        return statuses;
    }

    private static Map<String, NodeStatus> node(String node, UnaryOperator<PreflightFixtures.FactsBuilder> facts) {
        return change(s -> s.put(node, withFacts(s.get(node), facts)));
    }

    private static Map<String, NodeStatus> resource(String node, String type, String name, String state,
                                                    String message) {
        return change(s -> s.put(node, withResource(s.get(node), type, name, state, message)));
    }

    private static NodeStatus withState(NodeStatus status, String type, String name, String state) {
        return withResource(status, type, name, state, null);
    }

    private static List<NodeSpec> replaceNode(List<NodeSpec> nodes, String name, UnaryOperator<NodeSpec> change) {
        List<NodeSpec> replaced = new ArrayList<>();
        nodes.forEach(node -> replaced.add(node.name().equals(name) ? change.apply(node) : node));
        return replaced;
    }

    private static PreflightCheck[] allBut(PreflightCheck... excluded) {
        List<PreflightCheck> checks = new ArrayList<>(List.of(PreflightCheck.values()));
        checks.removeAll(List.of(excluded));
        return checks.toArray(PreflightCheck[]::new);
    }
}
