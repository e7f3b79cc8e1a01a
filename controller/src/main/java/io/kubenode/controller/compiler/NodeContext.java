package io.kubenode.controller.compiler;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.ClusterSpec;
import io.kubenode.common.cluster.HostSpec;
import io.kubenode.common.cluster.LoadBalancerSpec;
import io.kubenode.common.cluster.NodeSpec;
import io.kubenode.common.cluster.OsFamily;
import io.kubenode.controller.compiler.orchestration.NodeOrchestration;
import io.kubenode.controller.orchestration.Released;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a model builder knows about the node it compiles for: the validated cluster, this node's place in it, and what
 * the orchestrator released to it (with the secrets those steps need, so that compiling stays a pure function).
 */
public record NodeContext(Cluster cluster, NodeSpec node, OsFamily osFamily, ClusterWide clusterWide,
                          NodeOrchestration orchestration) {

    public NodeContext {
        orchestration = orchestration == null ? NodeOrchestration.NONE : orchestration;
    }

    /** Host preparation only: nothing released. */
    public NodeContext(Cluster cluster, NodeSpec node, OsFamily osFamily, ClusterWide clusterWide) {
        this(cluster, node, osFamily, clusterWide, NodeOrchestration.NONE);
    }

    /** The steps the orchestrator released to this node. */
    public Released released() {
        return orchestration.released();
    }

    public ClusterSpec spec() {
        return cluster.spec();
    }

    public String clusterName() {
        return cluster.metadata().name();
    }

    public boolean isControlPlane() {
        return node.isControlPlane();
    }

    public List<NodeSpec> controlPlanes() {
        return spec().nodes().stream().filter(NodeSpec::isControlPlane).toList();
    }

    /** The node that runs kubeadm init: the one saying init: true, else the first control plane. */
    public NodeSpec initNode() {
        return spec().nodes().stream().filter(NodeSpec::saysInit).findFirst().orElse(controlPlanes().get(0));
    }

    public boolean isInitNode() {
        return initNode().name().equals(node.name());
    }

    /** Cluster-wide host settings; never null. */
    public HostSpec host() {
        HostSpec host = spec().host();
        return host != null ? host : new HostSpec(null, null, null, null, null, null, null, null, null);
    }

    public Set<String> kernelModules() {
        return union(host().kernelModules(), node.kernelModules());
    }

    public Set<String> packages() {
        return union(host().packages(), node.packages());
    }

    /** Cluster sysctls with this node's on top, sorted by key. */
    public Map<String, String> sysctl() {
        Map<String, String> merged = new TreeMap<>();
        if (host().sysctl() != null) {
            merged.putAll(host().sysctl());
        }
        if (node.sysctl() != null) {
            merged.putAll(node.sysctl());
        }
        return merged;
    }

    /** The port kube-apiserver listens on (haproxy's backend port). */
    public int apiServerPort() {
        return spec().loadBalancer() == null
                ? LoadBalancerSpec.DEFAULT_API_SERVER_PORT
                : spec().loadBalancer().apiServerPort();
    }

    /** The Kubernetes version as packages name it: without a leading v. */
    public String kubernetesPackageVersion() {
        return stripV(spec().kubernetes().version());
    }

    public static String stripV(String version) {
        return version.startsWith("v") ? version.substring(1) : version;
    }

    public static <T> Set<T> union(List<T> first, List<T> second) {
        Set<T> all = new LinkedHashSet<>();
        for (List<T> list : List.of(orEmpty(first), orEmpty(second))) {
            all.addAll(list);
        }
        return all;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** Short host name: the first DNS label. */
    public static String shortName(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }
}
