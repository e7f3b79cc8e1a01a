package io.kubenode.controller.orchestration;

/**
 * The orchestrator's decision, a pure function of its input (no clock, no I/O of its own): what the record becomes,
 * which nodes' catalogs change, what to audit, when to decide again. The production one is
 * {@code Orchestrator::decide}; the loop that feeds it is {@code orchestration.loop.OrchestrationLoop}.
 */
@FunctionalInterface
public interface Decider {
    Decision decide(OrchestrationInput input);
}
