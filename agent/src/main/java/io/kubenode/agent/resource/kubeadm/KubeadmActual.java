package io.kubenode.agent.resource.kubeadm;

import java.util.List;

/**
 * What observe found of kubeadm's work on this node. {@code present}: kubeadm's output files that exist (for
 * init/join, those the step must leave; for reset, those it must remove). {@code done}: init/join finished and every
 * component answers (reset: nothing left). {@code notStarted}: init/join with none of its files.
 */
public record KubeadmActual(List<String> present, boolean done, boolean notStarted) {

    public KubeadmActual {
        present = List.copyOf(present);
    }

    static KubeadmActual joined(List<String> present) {
        return new KubeadmActual(present, true, false);
    }

    static KubeadmActual nothingYet() {
        return new KubeadmActual(List.of(), false, true);
    }

    static KubeadmActual resetLeftovers(List<String> present) {
        return new KubeadmActual(present, present.isEmpty(), false);
    }
}
