package io.kubenode.controller.orchestration;

import io.kubenode.common.catalog.KubeadmSpec;
import io.kubenode.common.cluster.NodeSpec;
import io.kubenode.common.status.ResourceStatus;

import java.time.Instant;
import java.util.Optional;

/**
 * What the nodes say about the kubeadm steps released to them (current statuses only): an init/join in sync joins
 * the node; a failed one is reset and retried with backoff; a reset in sync lets the next attempt go once its
 * backoff has passed. A node that has joined is never reset: its failures are a matter of health.
 */
final class StepOutcomes {
    private StepOutcomes() {
    }

    static void observe(DecisionDraft draft) {
        for (NodeSpec node : draft.nodes) {
            String name = node.name();
            KubeadmStep step = draft.released(name).kubeadm();
            if (step == null || !draft.fresh(name)) {
                continue;
            }
            Optional<ResourceStatus> outcome = draft.statuses.resource(name, StatusView.KUBEADM_NODE);
            String state = outcome.map(ResourceStatus::state).orElse(null);
            if (KubeadmSpec.RESET.equals(step.action())) {
                observeReset(draft, name, outcome);
            } else if (!draft.joined(name) && StatusView.IN_SYNC.equals(state)) {
                joined(draft, node, step);
            } else if (!draft.joined(name) && ResourceStatus.FAILED.equals(state)) {
                failed(draft, node, step, outcome.get().message());
            }
        }
    }

    private static void joined(DecisionDraft draft, NodeSpec node, KubeadmStep step) {
        String name = node.name();
        draft.update(name, Records.withJoinedAt(draft.record(name), draft.nowText));
        draft.phase(name, NodePhase.Joined, "joined at " + draft.nowText + " (kubeadm " + step.action()
                + " attempt " + step.attempt() + ")");
        draft.event("step.succeeded", name, kindOf(node, step).id(), "kubeadm " + step.action() + " attempt "
                + step.attempt() + " in sync");
    }

    private static void failed(DecisionDraft draft, NodeSpec node, KubeadmStep step, String message) {
        String name = node.name();
        String failure = FailureText.redacted(message);
        Instant retryAt = draft.now.plus(Backoff.after(step.attempt()));
        draft.update(name, Records.withFailure(draft.record(name), failure, retryAt.toString()));
        draft.release(name, draft.released(name).withKubeadm(
                new KubeadmStep(KubeadmSpec.RESET, step.attempt(), draft.nowText)));
        String kind = kindOf(node, step).id();
        draft.event("step.failed", name, kind, "kubeadm " + step.action() + " attempt " + step.attempt() + ": "
                + FailureText.firstLine(failure));
        draft.event("step.release", name, StepKind.RESET, "kubeadm reset before attempt " + (step.attempt() + 1)
                + ", not before " + retryAt);
        draft.wakeAt(retryAt);
    }

    private static void observeReset(DecisionDraft draft, String name, Optional<ResourceStatus> outcome) {
        if (outcome.isEmpty() || !ResourceStatus.FAILED.equals(outcome.get().state())) {
            return;
        }
        String failure = "kubeadm reset: " + FailureText.redacted(outcome.get().message());
        NodeRecord record = draft.record(name);
        if (!failure.equals(record.lastFailure())) {
            draft.update(name, Records.withFailure(record, failure, record.nextAttemptAt()));
            draft.event("step.failed", name, StepKind.RESET, FailureText.firstLine(failure));
        }
    }

    /**
     * Releases the next init/join attempt to a node whose reset is in sync once its backoff has passed. A join
     * needs a token the cluster is known to hold ({@code tokenReady}); an init carries its own.
     *
     * @return true when the node's step is still being retried (reset pending or attempt released)
     */
    static boolean retryIfDue(DecisionDraft draft, NodeSpec node, StepKind kind, boolean tokenReady) {
        String name = node.name();
        NodeRecord record = draft.record(name);
        KubeadmStep step = record.released().kubeadm();
        if (step == null || !KubeadmSpec.RESET.equals(step.action())) {
            return false;
        }
        Instant notBefore = record.nextAttemptAt() == null ? draft.now : Instant.parse(record.nextAttemptAt());
        draft.wakeAt(notBefore);
        if (!draft.fresh(name) || !draft.statuses.inSync(name, StatusView.KUBEADM_NODE)
                || draft.now.isBefore(notBefore)) {
            return true;
        }
        if (kind != StepKind.INIT && !tokenReady) {
            return true;
        }
        int attempt = step.attempt() + 1;
        if (kind == StepKind.INIT) {
            Progression.releaseInit(draft, node, attempt);
        } else {
            Progression.releaseJoin(draft, node, attempt);
        }
        draft.event("step.retry", name, kind.id(), "attempt " + attempt + " after: "
                + FailureText.firstLine(record.lastFailure()));
        return true;
    }

    static StepKind kindOf(NodeSpec node, KubeadmStep step) {
        return KubeadmSpec.INIT.equals(step.action()) ? StepKind.INIT : StepKind.joinOf(node);
    }
}
