package io.kubenode.common.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * One kubeadm step on this node, released by the controller's orchestrator. {@code action}: {@code init},
 * {@code join} or {@code reset}; {@code role}: what the node becomes (or was, for reset), {@code control-plane} or
 * {@code worker}. In sync by observation, never by memory: init/join when kubeadm's output files exist and the
 * kubelet ({@code kubeletHealthUrl}) and, on a control plane, the local apiserver ({@code apiServerUrl}, verified
 * against {@code caFile}) answer; reset when none of kubeadm's output files exist. {@code attempt} counts the
 * orchestrator's tries, so a retry is new content and a new catalog generation. {@code timeoutSeconds}: the step is
 * killed and reported failed after it.
 */
public record KubeadmSpec(
        String name,
        String action,
        String role,
        String configFile,
        int attempt,
        int timeoutSeconds,
        String kubeletHealthUrl,
        String apiServerUrl,
        String caFile,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> ignorePreflightErrors) implements ResourceSpec {

    public static final String TYPE = "kubeadm";
    /** The one kubeadm resource of a node: {@code kubeadm:node}. */
    public static final String NODE = "node";
    public static final String INIT = "init";
    public static final String JOIN = "join";
    public static final String RESET = "reset";
    public static final String CONTROL_PLANE = "control-plane";
    public static final String WORKER = "worker";
    /**
     * How a failed step's message names kubeadm's own failed preflight checks ("preflight checks failed: Swap: ...;
     * Port-6443: ..."): the agent writes it, the orchestrator reads it to call the node PreflightFailed.
     */
    public static final String PREFLIGHT_CHECKS_FAILED = "preflight checks failed: ";

    public KubeadmSpec {
        ignorePreflightErrors = ignorePreflightErrors == null ? List.of() : List.copyOf(ignorePreflightErrors);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
