package io.kubenode.controller.orchestration.preflight;

import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.KernelModuleSpec;
import io.kubenode.common.catalog.ProbeSpec;
import io.kubenode.common.catalog.ResourceSpec;
import io.kubenode.common.catalog.SwapSpec;
import io.kubenode.common.catalog.SysctlSpec;
import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.ClusterSpec;
import io.kubenode.common.cluster.HostSpec;
import io.kubenode.common.cluster.NodeSpec;
import io.kubenode.common.status.Facts;
import io.kubenode.common.status.NodeStatus;
import io.kubenode.common.status.ResourceStatus;
import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.compiler.runtime.ContainerRuntimeBuilder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The seed's 3 + 2 cluster and, for each of its nodes, the status a healthy prepared host reports: distinct
 * identities, 2 CPUs and 2 GiB, no swap, every kernel, sysctl, CRI and containerd-config resource in sync.
 */
public final class PreflightFixtures {
    public static final long GIB = 1024L * 1024 * 1024;

    private PreflightFixtures() {
    }

    public static Cluster seed() {
        return SeedCluster.load();
    }

    static Map<String, NodeStatus> healthy(Cluster cluster) {
        Map<String, NodeStatus> statuses = new LinkedHashMap<>();
        List<NodeSpec> nodes = cluster.spec().nodes();
        for (int i = 0; i < nodes.size(); i++) {
            String name = nodes.get(i).name();
            statuses.put(name, status(name, facts(name, i + 1), healthyResources(), "apply"));
        }
        return statuses;
    }

    public static Facts facts(String name, int index) {
        return new Facts(name, "machine-" + index, "4c4c4544-0000-0000-0000-00000000000" + index,
                List.of(new Facts.NetworkInterfaceFacts("eth0", "52:54:00:00:00:0" + index,
                        List.of("192.168.0.6" + index)),
                        new Facts.NetworkInterfaceFacts("tunl0", "00:00:00:00:00:00", List.of())),
                2, 2 * GIB, 0, "5.14.0-570.el9.x86_64", "centos", "9", "rhel", "permissive", 2, "containerd 1.7.0",
                null, "systemd", null, null);
    }

    public static List<ResourceStatus> healthyResources() {
        return List.of(
                inSync(KernelModuleSpec.TYPE, "br_netfilter"),
                inSync(SysctlSpec.TYPE, "net.bridge.bridge-nf-call-iptables"),
                inSync(SysctlSpec.TYPE, "net.bridge.bridge-nf-call-ip6tables"),
                inSync(SysctlSpec.TYPE, "net.ipv4.ip_forward"),
                inSync(SwapSpec.TYPE, "system"),
                inSync(FileSpec.TYPE, ContainerRuntimeBuilder.CONFIG_FILE),
                inSync(ProbeSpec.TYPE, ContainerRuntimeBuilder.CRI_PROBE));
    }

    public static ResourceStatus inSync(String type, String name) {
        return new ResourceStatus(ResourceSpec.id(type, name), type, "in_sync", List.of(), null);
    }

    static NodeStatus status(String node, Facts facts, List<ResourceStatus> resources, String mode) {
        return new NodeStatus(node, 2, 2, "sha256:00", true, false, "2026-12-03T23:00:00Z",
                new NodeStatus.LastPass("2026-12-03T23:00:00Z", 120, mode), Map.of(), resources, List.of(), facts);
    }

    /** The status with one resource's outcome replaced (state and message), or removed when state is null. */
    static NodeStatus withResource(NodeStatus status, String type, String name, String state, String message) {
        String id = ResourceSpec.id(type, name);
        List<ResourceStatus> resources = new ArrayList<>(status.resources().stream()
                .filter(resource -> !resource.id().equals(id)).toList());
        if (state != null) {
            resources.add(new ResourceStatus(id, type, state, List.of(), message));
        }
        return status(status.node(), status.facts(), resources, status.lastPass().mode());
    }

    static NodeStatus withFacts(NodeStatus status, UnaryOperator<FactsBuilder> change) {
        return status(status.node(), change.apply(new FactsBuilder(status.facts())).build(), status.resources(),
                status.lastPass().mode());
    }

    public static Cluster withSpec(Cluster cluster, UnaryOperator<ClusterSpec> change) {
        return new Cluster(cluster.apiVersion(), cluster.kind(), cluster.metadata(), change.apply(cluster.spec()));
    }

    static ClusterSpec withHost(ClusterSpec spec, HostSpec host) {
        return new ClusterSpec(spec.kubernetes(), spec.controlPlaneEndpoint(), spec.loadBalancer(),
                spec.containerRuntime(), spec.network(), host, spec.nodes(), spec.orchestration(), spec.rollout());
    }

    public static ClusterSpec withNodes(ClusterSpec spec, List<NodeSpec> nodes) {
        return new ClusterSpec(spec.kubernetes(), spec.controlPlaneEndpoint(), spec.loadBalancer(),
                spec.containerRuntime(), spec.network(), spec.host(), nodes, spec.orchestration(), spec.rollout());
    }

    /** The seed with {@code spec.host.firewall} set (auto, firewalld or none) and nodePorts as given. */
    static Cluster withFirewall(Cluster cluster, String mode, Boolean nodePorts) {
        return withSpec(cluster, spec -> withHost(spec, new HostSpec(spec.host().osFamily(), spec.host().swap(),
                spec.host().selinux(), spec.host().kernelModules(), spec.host().sysctl(), spec.host().packages(),
                mode, spec.host().extraPorts(), nodePorts)));
    }

    /** firewalld running in zone public with the default target (rejects what is not let in). */
    static Facts.FirewallFacts firewalld(List<String> ports, List<String> protocols, List<String> richRules) {
        return new Facts.FirewallFacts(Facts.FirewallFacts.FIREWALLD, true, "public", "default", ports, protocols,
                richRules);
    }

    static ClusterSpec withoutContainerRuntime(ClusterSpec spec) {
        return new ClusterSpec(spec.kubernetes(), spec.controlPlaneEndpoint(), spec.loadBalancer(), null,
                spec.network(), spec.host(), spec.nodes(), spec.orchestration(), spec.rollout());
    }

    /** Facts with the fields the checks read replaceable. */
    static final class FactsBuilder {
        private Facts facts;

        FactsBuilder(Facts facts) {
            this.facts = facts;
        }

        FactsBuilder hostname(String hostname) {
            facts = new Facts(hostname, facts.machineId(), facts.productUuid(), facts.interfaces(), facts.cpus(),
                    facts.memoryBytes(), facts.swapBytes(), facts.kernel(), facts.osId(), facts.osVersion(),
                    facts.osFamily(), facts.selinux(), facts.cgroupVersion(), facts.containerdVersion(),
                    facts.kubeletVersion(), facts.containerdCgroupDriver(), facts.kubeletCgroupDriver(),
                    facts.firewall());
            return this;
        }

        FactsBuilder productUuid(String uuid) {
            facts = new Facts(facts.hostname(), facts.machineId(), uuid, facts.interfaces(), facts.cpus(),
                    facts.memoryBytes(), facts.swapBytes(), facts.kernel(), facts.osId(), facts.osVersion(),
                    facts.osFamily(), facts.selinux(), facts.cgroupVersion(), facts.containerdVersion(),
                    facts.kubeletVersion(), facts.containerdCgroupDriver(), facts.kubeletCgroupDriver(),
                    facts.firewall());
            return this;
        }

        FactsBuilder mac(String mac) {
            facts = new Facts(facts.hostname(), facts.machineId(), facts.productUuid(),
                    List.of(new Facts.NetworkInterfaceFacts("eth1", mac, List.of())), facts.cpus(),
                    facts.memoryBytes(), facts.swapBytes(), facts.kernel(), facts.osId(), facts.osVersion(),
                    facts.osFamily(), facts.selinux(), facts.cgroupVersion(), facts.containerdVersion(),
                    facts.kubeletVersion(), facts.containerdCgroupDriver(), facts.kubeletCgroupDriver(),
                    facts.firewall());
            return this;
        }

        FactsBuilder size(int cpus, long memoryBytes, long swapBytes) {
            facts = new Facts(facts.hostname(), facts.machineId(), facts.productUuid(), facts.interfaces(), cpus,
                    memoryBytes, swapBytes, facts.kernel(), facts.osId(), facts.osVersion(),
                    facts.osFamily(), facts.selinux(), facts.cgroupVersion(), facts.containerdVersion(),
                    facts.kubeletVersion(), facts.containerdCgroupDriver(), facts.kubeletCgroupDriver(),
                    facts.firewall());
            return this;
        }

        FactsBuilder cgroupDrivers(String containerd, String kubelet) {
            facts = new Facts(facts.hostname(), facts.machineId(), facts.productUuid(), facts.interfaces(),
                    facts.cpus(), facts.memoryBytes(), facts.swapBytes(), facts.kernel(), facts.osId(),
                    facts.osVersion(), facts.osFamily(), facts.selinux(), facts.cgroupVersion(),
                    facts.containerdVersion(), facts.kubeletVersion(), containerd, kubelet, facts.firewall());
            return this;
        }

        FactsBuilder firewall(Facts.FirewallFacts firewall) {
            facts = new Facts(facts.hostname(), facts.machineId(), facts.productUuid(), facts.interfaces(),
                    facts.cpus(), facts.memoryBytes(), facts.swapBytes(), facts.kernel(), facts.osId(),
                    facts.osVersion(), facts.osFamily(), facts.selinux(), facts.cgroupVersion(),
                    facts.containerdVersion(), facts.kubeletVersion(), facts.containerdCgroupDriver(),
                    facts.kubeletCgroupDriver(), firewall);
            return this;
        }

        Facts build() {
            return facts;
        }
    }
}
