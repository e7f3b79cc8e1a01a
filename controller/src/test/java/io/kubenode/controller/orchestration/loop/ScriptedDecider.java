package io.kubenode.controller.orchestration.loop;

import io.kubenode.controller.orchestration.Decider;
import io.kubenode.controller.orchestration.Decision;
import io.kubenode.controller.orchestration.OrchestrationInput;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A decider the test scripts (the real one, {@code Orchestrator::decide}, is another session's and is wired at
 * merge): answers with the current script, and keeps every input it was given. Without a script it changes nothing.
 */
final class ScriptedDecider implements Decider {
    final List<OrchestrationInput> inputs = new CopyOnWriteArrayList<>();
    private volatile Function<OrchestrationInput, Decision> script = ScriptedDecider::nothing;

    static Decision nothing(OrchestrationInput input) {
        return new Decision(input.record(), java.util.Set.of(), List.of(), false, Optional.empty());
    }

    void answer(Function<OrchestrationInput, Decision> next) {
        script = next;
    }

    @Override
    public Decision decide(OrchestrationInput input) {
        inputs.add(input);
        return script.apply(input);
    }
}
