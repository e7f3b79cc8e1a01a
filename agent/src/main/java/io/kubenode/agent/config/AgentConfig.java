package io.kubenode.agent.config;

import io.kubenode.agent.policy.PathPolicy;

import java.util.List;

/**
 * /etc/kubenode/agent.yaml. Every field is optional; unset means the default. The controller connection settings
 * arrive with the controller issue.
 */
public record AgentConfig(
        String stateDir,
        String metricsAddress,
        Integer intervalSeconds,
        List<String> writablePaths) {

    public static final String DEFAULT_PATH = "/etc/kubenode/agent.yaml";
    public static final String DEFAULT_METRICS_ADDRESS = "0.0.0.0:9105";
    public static final int DEFAULT_INTERVAL_SECONDS = 60;

    public static AgentConfig defaults() {
        return new AgentConfig(null, null, null, null);
    }

    public PathPolicy pathPolicy() {
        return new PathPolicy(writablePaths == null ? PathPolicy.DEFAULT_WRITABLE : writablePaths);
    }

    public String metricsAddressOrDefault() {
        return metricsAddress == null ? DEFAULT_METRICS_ADDRESS : metricsAddress;
    }

    public int intervalSecondsOrDefault() {
        return intervalSeconds == null ? DEFAULT_INTERVAL_SECONDS : intervalSeconds;
    }
}
