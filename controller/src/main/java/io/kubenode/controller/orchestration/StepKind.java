package io.kubenode.controller.orchestration;

import io.kubenode.common.cluster.NodeSpec;

/**
 * What a kubeadm init/join step does, as events name it ({@link OrchestrationEvent#step()}) and as the runner labels
 * {@code kubenode_controller_orchestration_step_retries_total{step}}. A reset is not a kind: it belongs to the step
 * it undoes.
 */
public enum StepKind {
    INIT("init"),
    JOIN_CONTROL_PLANE("join-control-plane"),
    JOIN_WORKER("join-worker");

    /** Steps of events that are not kubeadm init/join. */
    public static final String RESET = "reset";
    public static final String NETWORK = "network";
    public static final String ENDPOINT_PROBE = "endpoint-probe";
    public static final String TOKEN = "token";

    private final String id;

    StepKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    static StepKind joinOf(NodeSpec node) {
        return node.isControlPlane() ? JOIN_CONTROL_PLANE : JOIN_WORKER;
    }

    @Override
    public String toString() {
        return id;
    }
}
