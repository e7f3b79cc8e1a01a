package io.kubenode.controller.orchestration.loop;

import io.kubenode.controller.orchestration.BootstrapToken;
import io.kubenode.controller.orchestration.ClusterPhase;
import io.kubenode.controller.orchestration.Decider;
import io.kubenode.controller.orchestration.KubeadmStep;
import io.kubenode.controller.orchestration.NodePhase;
import io.kubenode.controller.orchestration.NodeRecord;
import io.kubenode.controller.orchestration.OrchestrationEvent;
import io.kubenode.controller.orchestration.OrchestrationRecord;
import io.kubenode.controller.orchestration.Released;
import io.kubenode.controller.orchestration.Decision;
import io.kubenode.controller.orchestration.OrchestrationInput;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A decider the test scripts (the real one, {@code Orchestrator::decide}, is another session's and is wired at
 * merge): answers with the current script, and keeps every input it was given. Without a script it changes nothing.
 */
public final class ScriptedDecider implements Decider {
    public final List<OrchestrationInput> inputs = new CopyOnWriteArrayList<>();
    private volatile Function<OrchestrationInput, Decision> script = ScriptedDecider::nothing;

    public static Decision nothing(OrchestrationInput input) {
        return new Decision(input.record(), java.util.Set.of(), List.of(), false, Optional.empty());
    }

    public void answer(Function<OrchestrationInput, Decision> next) {
        script = next;
    }

    @Override
    public Decision decide(OrchestrationInput input) {
        inputs.add(input);
        return script.apply(input);
    }

    /**
     * What a decision that releases kubeadm init to node1 looks like: the PKI, the step, the new token. Deciding again
     * once it is released changes nothing, as with the real decider: the loop may decide at any moment (a status, its
     * timer), and a script that released anew each time would move node1's catalog with every decision.
     */
    public static Decision releaseInit(OrchestrationInput input) {
        KubeadmStep released = input.record() == null ? null : input.record().released("node1.internal").kubeadm();
        if (released != null && released.action().equals("init")) {
            return nothing(input);
        }
        String now = input.now().toString();
        Map<String, NodeRecord> nodes = new LinkedHashMap<>();
        nodes.put("node1.internal", new NodeRecord(NodePhase.Joining, now, "kubeadm init released",
                new Released(true, new KubeadmStep("init", 1, now), null, input.tokenCandidate(), false, false), 1,
                null, null, null));
        OrchestrationRecord next = new OrchestrationRecord(ClusterPhase.Initializing, now, "init released",
                Map.of(ClusterPhase.Initializing.name(), now), nodes, new BootstrapToken(input.tokenCandidate(), null,
                "present", input.now().plus(Duration.ofMinutes(15)).toString(), now));
        return new Decision(next, Set.of("node1.internal"), List.of(new OrchestrationEvent("step.release",
                "node1.internal", "init", "kubeadm init released (attempt 1)")), true, Optional.empty());
    }

}
