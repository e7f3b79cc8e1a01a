package io.kubenode.common.cluster;

/**
 * How the controller runs kubeadm across the nodes ({@code spec.orchestration}, optional). {@code maxParallelJoins}:
 * workers joining at once (control planes always join one at a time); default {@value #DEFAULT_MAX_PARALLEL_JOINS}.
 * {@code kubeadmTimeoutSeconds}: a kubeadm init/join is killed and retried after it; default
 * {@value #DEFAULT_KUBEADM_TIMEOUT_SECONDS} (kubeadm v1beta4 waits up to 4 min for the kubelet and 4 min for the
 * control plane). {@code tokenTtlSeconds}: the bootstrap tokens' ttl, refreshed every third of it while a node still
 * joins; default {@value #DEFAULT_TOKEN_TTL_SECONDS}.
 */
public record OrchestrationSpec(Integer maxParallelJoins, Integer kubeadmTimeoutSeconds, Integer tokenTtlSeconds) {
    public static final int DEFAULT_MAX_PARALLEL_JOINS = 5;
    public static final int DEFAULT_KUBEADM_TIMEOUT_SECONDS = 600;
    public static final int DEFAULT_TOKEN_TTL_SECONDS = 900;
    public static final OrchestrationSpec DEFAULTS = new OrchestrationSpec(null, null, null);

    public int maxParallelJoinsOrDefault() {
        return maxParallelJoins == null ? DEFAULT_MAX_PARALLEL_JOINS : maxParallelJoins;
    }

    public int kubeadmTimeoutSecondsOrDefault() {
        return kubeadmTimeoutSeconds == null ? DEFAULT_KUBEADM_TIMEOUT_SECONDS : kubeadmTimeoutSeconds;
    }

    public int tokenTtlSecondsOrDefault() {
        return tokenTtlSeconds == null ? DEFAULT_TOKEN_TTL_SECONDS : tokenTtlSeconds;
    }
}
