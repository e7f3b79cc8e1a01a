package io.kubenode.common.cluster;

import java.util.List;

public record ClusterSpec(
        KubernetesSpec kubernetes,
        ControlPlaneEndpoint controlPlaneEndpoint,
        LoadBalancerSpec loadBalancer,
        ContainerRuntimeSpec containerRuntime,
        NetworkSpec network,
        HostSpec host,
        List<NodeSpec> nodes) {

    public List<NodeSpec> nodesOrEmpty() {
        return nodes == null ? List.of() : nodes;
    }
}
