package io.kubenode.common.cluster;

import java.util.List;

public record ClusterSpec(
        KubernetesSpec kubernetes,
        ControlPlaneEndpoint controlPlaneEndpoint,
        LoadBalancerSpec loadBalancer,
        ContainerRuntimeSpec containerRuntime,
        NetworkSpec network,
        HostSpec host,
        List<NodeSpec> nodes,
        OrchestrationSpec orchestration,
        RolloutSpec rollout) {

    /** {@code spec.orchestration}, defaults filled in when absent. */
    public OrchestrationSpec orchestrationOrDefaults() {
        return orchestration == null ? OrchestrationSpec.DEFAULTS : orchestration;
    }

    /** {@code spec.rollout}, defaults filled in when absent. */
    public RolloutSpec rolloutOrDefaults() {
        return rollout == null ? RolloutSpec.DEFAULTS : rollout;
    }

    public List<NodeSpec> nodesOrEmpty() {
        return nodes == null ? List.of() : nodes;
    }
}
