package io.kubenode.controller.orchestration;

/**
 * Where a decision leaves the cluster: its phase, the message for {@code get cluster}, and what nodes that are
 * prepared but not released yet wait for (their message).
 */
record PhaseOutcome(ClusterPhase phase, String message, String candidatesWaitFor) {
}
