package io.kubenode.controller.orchestration;

/**
 * Something a decision did, for the audit log (and the metrics): {@code action} e.g. {@code step.release},
 * {@code step.succeeded}, {@code step.failed}, {@code step.retry}, {@code token.mint}, {@code token.refresh},
 * {@code token.delete}, {@code phase}; {@code node} null for cluster-wide events; {@code step} the kubeadm step
 * ({@code init}, {@code join-control-plane}, {@code join-worker}, {@code reset}, {@code network}, {@code token}) or
 * null; {@code detail} a sentence without secrets; {@code who} the person who asked for it (a rollout's pause or
 * resume), null for the orchestrator's own decisions.
 */
public record OrchestrationEvent(String action, String node, String step, String detail, String who) {

    public OrchestrationEvent(String action, String node, String step, String detail) {
        this(action, node, step, detail, null);
    }
}
