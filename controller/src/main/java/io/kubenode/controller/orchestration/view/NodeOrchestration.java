package io.kubenode.controller.orchestration.view;

import io.kubenode.controller.orchestration.KubeadmStep;
import io.kubenode.controller.orchestration.NodePhase;
import io.kubenode.controller.orchestration.NodeRecord;

import java.time.Instant;

/**
 * One node's place in the bring-up, for {@code get nodes} (PHASE), {@code describe node} (the Orchestration
 * condition) and the orchestration route. {@code step}: the kubeadm step released to it now, or null.
 * {@code lastFailure}: the last failed step's message (exit code, output tail), secrets redacted.
 */
public record NodeOrchestration(String name, NodePhase phase, String phaseSince, String message, StepStatus step,
                                int attempts, String lastFailure, String nextAttemptAt, String joinedAt) {

    static NodeOrchestration of(String name, NodeRecord record, Instant now) {
        return new NodeOrchestration(name, record.phase(), record.phaseSince(), OutputRedaction.redact(record.message()),
                StepStatus.of(record.released().kubeadm(), record.joinedAt(), now), record.attempts(),
                OutputRedaction.redact(record.lastFailure()), record.nextAttemptAt(), record.joinedAt());
    }

    /** The kubeadm step: its action, attempt, release time and how long it ran (to its join, else until now). */
    public record StepStatus(String action, int attempt, String releasedAt, long elapsedSeconds) {
        static StepStatus of(KubeadmStep step, String joinedAt, Instant now) {
            if (step == null) {
                return null;
            }
            Instant end = now;
            Instant joined = Times.parse(joinedAt).orElse(null);
            Instant released = Times.parse(step.releasedAt()).orElse(null);
            if (joined != null && released != null && !"reset".equals(step.action()) && !joined.isBefore(released)) {
                end = joined;
            }
            return new StepStatus(step.action(), step.attempt(), step.releasedAt(),
                    Times.secondsBetween(step.releasedAt(), end));
        }
    }
}
