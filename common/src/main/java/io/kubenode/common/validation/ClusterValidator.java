package io.kubenode.common.validation;

import io.kubenode.common.cluster.Cluster;

import java.util.List;

/** Checks a Cluster document and returns every problem at once, errors and warnings apart. */
public final class ClusterValidator {
    private static final List<ClusterRule> RULES = List.of(
            new DocumentRules(),
            new NodeRules(),
            new EndpointRules(),
            new KubernetesRules(),
            new SubnetRules(),
            new LoadBalancerRules(),
            new ContainerRuntimeRules(),
            new NetworkPluginRules(),
            new HostRules(),
            new FirewallRules(),
            new OrchestrationRules(),
            new RolloutRules());

    private ClusterValidator() {
    }

    public static ValidationResult validate(Cluster cluster) {
        Problems problems = new Problems();
        if (cluster.spec() == null) {
            new DocumentRules().check(cluster, problems);
            return problems.result();
        }
        for (ClusterRule rule : RULES) {
            rule.check(cluster, problems);
        }
        return problems.result();
    }
}
