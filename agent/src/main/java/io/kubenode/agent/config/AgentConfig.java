package io.kubenode.agent.config;

import io.kubenode.agent.policy.AgentPolicy;
import io.kubenode.agent.policy.PathPolicy;
import io.kubenode.common.catalog.AgentPolicyDefaults;

import java.util.ArrayList;
import java.util.List;

/**
 * /etc/kubenode/agent.yaml. Every field is optional; unset means the default. {@code controller} and
 * {@code nodeName} override what {@code kubenode-agent enroll} wrote to the state dir's enrollment.yaml.
 */
public record AgentConfig(
        String stateDir,
        String metricsAddress,
        Integer intervalSeconds,
        List<String> writablePaths,
        Controller controller,
        String nodeName,
        List<List<String>> validateCommands,
        List<String> sysctlPrefixes) {

    public static final String DEFAULT_PATH = "/etc/kubenode/agent.yaml";
    public static final String DEFAULT_METRICS_ADDRESS = "0.0.0.0:9105";
    public static final int DEFAULT_INTERVAL_SECONDS = 60;

    /**
     * The controller to talk to: {@code url} (https://host:port) and {@code caFile}, the CA to trust for it
     * (default: the state dir's pki/ca.crt, saved by enroll). Either may be unset.
     */
    public record Controller(String url, String caFile) {
    }

    public static AgentConfig defaults() {
        return new AgentConfig(null, null, null, null, null, null, null, null);
    }

    /**
     * What catalogs may do on this node. The agent's own files are protected at the paths it actually runs with:
     * this config file, the state dir, and the controller CA file when agent.yaml names one.
     */
    public AgentPolicy policy(String configPath, String stateDir) {
        List<String> own = new ArrayList<>(List.of(configPath, stateDir));
        if (controller != null && controller.caFile() != null) {
            own.add(controller.caFile());
        }
        PathPolicy paths = new PathPolicy(writablePaths == null ? PathPolicy.DEFAULT_WRITABLE : writablePaths, own);
        return new AgentPolicy(paths,
                validateCommands == null ? AgentPolicyDefaults.VALIDATE_COMMANDS : validateCommands,
                sysctlPrefixes == null ? AgentPolicyDefaults.SYSCTL_PREFIXES : sysctlPrefixes);
    }

    public String metricsAddressOrDefault() {
        return metricsAddress == null ? DEFAULT_METRICS_ADDRESS : metricsAddress;
    }

    public int intervalSecondsOrDefault() {
        return intervalSeconds == null ? DEFAULT_INTERVAL_SECONDS : intervalSeconds;
    }
}
