package io.kubenode.controller.orchestration;

import io.kubenode.common.catalog.KubeadmSpec;
import io.kubenode.common.cluster.NodeSpec;

/**
 * The orchestration decision, a pure function of its input: the stored Cluster, every node's last status and
 * catalog generation, the stored record, the time and a token candidate. It reads no other clock, store or host and
 * draws no random number, so the same input always gives the same decision and deciding again from the record it
 * returns (with the same statuses) changes nothing. A restart therefore resumes by deciding.
 *
 * <p>Order of a decision: follow the released steps (joined, failed → reset, reset done), gate the nodes without a
 * step, keep the bootstrap token, release what comes next, then set every node's phase and message.
 */
public final class Orchestrator {
    private Orchestrator() {
    }

    public static Decision decide(OrchestrationInput input) {
        DecisionDraft draft = new DecisionDraft(input);
        StepOutcomes.observe(draft);
        Departures.advance(draft);
        Gates gates = Gates.evaluate(draft);
        TokenKeeper.maintain(draft, gates);
        PhaseOutcome outcome = Progression.advance(draft, gates);
        describeNodes(draft, gates, outcome);
        PhaseOutcome shown = RolloutProgress.advance(draft, outcome);
        return draft.finish(shown.phase(), shown.message() + departing(draft));
    }

    /** "; removing node3.internal (RemovingMember: ...)" for each node still leaving, else "". */
    private static String departing(DecisionDraft draft) {
        StringBuilder text = new StringBuilder();
        for (Departure departure : draft.departures().values()) {
            text.append("; removing ").append(departure.name()).append(" (").append(departure.step())
                    .append(departure.message() == null ? "" : ": " + departure.message()).append(')');
        }
        return text.toString();
    }

    private static void describeNodes(DecisionDraft draft, Gates gates, PhaseOutcome outcome) {
        for (NodeSpec node : draft.nodes) {
            String name = node.name();
            if (draft.joined(name)) {
                continue;
            }
            if (draft.released(name).kubeadm() != null) {
                draft.phase(name, kubeadmPreflightFailed(draft, name) ? NodePhase.PreflightFailed : NodePhase.Joining,
                        joiningMessage(draft, node));
                continue;
            }
            NodeGate gate = gates.of(name);
            if (gate == null) {
                continue;
            }
            if (gate.passed()) {
                String waitFor = outcome.candidatesWaitFor();
                draft.phase(name, NodePhase.Pending, gate.message() + (waitFor == null ? "" : "; waits for "
                        + waitFor));
            } else {
                draft.phase(name, gate.kind().nodePhase, gate.message());
            }
        }
        for (NodeSpec node : draft.nodes) {
            if (!draft.joined(node.name())) {
                Health.unreachable(draft, node.name()).ifPresent(problem -> markUnreachable(draft, node.name(),
                        problem));
            }
        }
        Health.assignPhases(draft);
    }

    /** A node not joined yet keeps what it last waited for in its message, after why it is unreachable. */
    private static void markUnreachable(DecisionDraft draft, String name, String problem) {
        String before = draft.record(name).message();
        boolean known = before != null && !before.isEmpty() && draft.record(name).phase() != NodePhase.Unreachable;
        draft.phase(name, NodePhase.Unreachable, problem + (known ? "; before: " + before : ""));
    }

    /**
     * The node's last attempt stopped at kubeadm's own preflight and waits for its retry. It is retried like any
     * failed step: what kubeadm checks there (swap, sysctls, the CRI, ports, leftover files) is what host preparation
     * and the reset correct, while what retrying cannot change (CPUs, memory, identity) is the cluster preflight's,
     * which stops before any step.
     */
    private static boolean kubeadmPreflightFailed(DecisionDraft draft, String name) {
        NodeRecord record = draft.record(name);
        return KubeadmSpec.RESET.equals(record.released().kubeadm().action()) && record.lastFailure() != null
                && record.lastFailure().contains(KubeadmSpec.PREFLIGHT_CHECKS_FAILED);
    }

    private static String joiningMessage(DecisionDraft draft, NodeSpec node) {
        String name = node.name();
        KubeadmStep step = draft.released(name).kubeadm();
        String action = "kubeadm " + step.action();
        if (KubeadmSpec.RESET.equals(step.action())) {
            return Progression.stepSuffix(draft, name).substring(2);
        }
        if (!draft.fresh(name)) {
            return action + " attempt " + step.attempt() + " released at " + step.releasedAt()
                    + "; waits for the node to apply it";
        }
        return draft.statuses.resource(name, StatusView.KUBEADM_NODE)
                .map(resource -> action + " attempt " + step.attempt() + ": " + resource.state()
                        + (resource.message() == null ? "" : " (" + FailureText.firstLine(
                        FailureText.redacted(resource.message())) + ")"))
                .orElse(action + " attempt " + step.attempt() + ": not reported yet");
    }
}
