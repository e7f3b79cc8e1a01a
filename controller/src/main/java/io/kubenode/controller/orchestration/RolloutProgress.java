package io.kubenode.controller.orchestration;

import io.kubenode.common.cluster.NodeSpec;
import io.kubenode.common.cluster.RolloutSpec;
import io.kubenode.common.status.NodeStatus;
import io.kubenode.common.status.ResourceStatus;
import io.kubenode.controller.rollout.RolloutDecision;
import io.kubenode.controller.rollout.RolloutNode;
import io.kubenode.controller.rollout.RolloutNodeRecord;
import io.kubenode.controller.rollout.RolloutPlanner;
import io.kubenode.controller.rollout.RolloutRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rollout's part of a decision: judges every released node by its gates (the revision applied and converged,
 * no failed resource, and once every node has joined, the cluster API answering through the endpoint and listing the
 * node Ready), fails a node whose gates do not pass within {@code spec.rollout.healthTimeout}, then lets the
 * {@link RolloutPlanner} say which held nodes get the revision now. A node released here gets its new catalog in the
 * same write as the record that releases it.
 */
final class RolloutProgress {
    static final String RELEASE = "rollout.release";
    static final String DONE = "rollout.done";
    static final String FAILED = "rollout.failed";

    private RolloutProgress() {
    }

    /**
     * Moves the rollout on and says how the cluster's phase shows it: a paused rollout of a cluster that was Ready or
     * Degraded is {@link ClusterPhase#RolloutPaused}; a rolling one adds its progress to a Ready cluster's message.
     */
    static PhaseOutcome advance(DecisionDraft draft, PhaseOutcome outcome) {
        RolloutRecord rollout = draft.rollout();
        if (rollout == null) {
            return outcome;
        }
        RolloutSpec spec = draft.spec.rolloutOrDefaults();
        Duration timeout = spec.healthTimeoutOrDefault();
        Map<String, RolloutNodeRecord> nodes = new LinkedHashMap<>(rollout.nodes());
        boolean allJoined = !draft.nodes.isEmpty() && draft.nodes.stream().allMatch(node -> draft.joined(node.name()));
        for (NodeSpec node : draft.nodes) {
            RolloutNodeRecord record = nodes.get(node.name());
            if (record != null && record.state() == RolloutNode.State.RELEASED) {
                nodes.put(node.name(), judge(draft, rollout.revision(), node.name(), record, allJoined, timeout));
            }
        }
        List<RolloutNode> planned = new ArrayList<>();
        int disruptedWorkers = 0;
        for (NodeSpec node : draft.nodes) {
            RolloutNodeRecord record = nodes.get(node.name());
            if (record != null) {
                planned.add(new RolloutNode(node.name(), record.controlPlane(), record.disruptive(), record.state()));
                disruptedWorkers += record.disruptive() && !record.controlPlane() ? 1 : 0;
            }
        }
        RolloutDecision decision = RolloutPlanner.decide(planned,
                RolloutPlanner.maxUnavailable(spec.maxUnavailableOrDefault(), disruptedWorkers), rollout.pausedBy());
        for (String name : decision.release()) {
            RolloutNodeRecord record = nodes.get(name);
            nodes.put(name, record.with(RolloutNode.State.RELEASED, null, draft.nowText,
                    "released: waits for the node to apply revision " + rollout.revision()));
            draft.touch(name);
            draft.event(RELEASE, name, null, "revision " + rollout.revision() + (record.restarts().isEmpty() ? ""
                    : ": restarts " + String.join(", ", record.restarts())));
            draft.wakeAt(draft.now.plus(timeout));
        }
        draft.rollout(rollout.withNodes(nodes));
        return shown(outcome, rollout.revision(), decision, nodes);
    }

    private static PhaseOutcome shown(PhaseOutcome outcome, long revision, RolloutDecision decision,
                                      Map<String, RolloutNodeRecord> nodes) {
        boolean serving = outcome.phase() == ClusterPhase.Ready || outcome.phase() == ClusterPhase.Degraded;
        if (!serving || decision.state() == RolloutDecision.State.COMPLETE) {
            return outcome;
        }
        String progress = "control planes " + decision.controlPlanes() + ", workers " + decision.workers();
        if (decision.state() == RolloutDecision.State.PAUSED) {
            String at = nodes.entrySet().stream().filter(each -> each.getValue().state() == RolloutNode.State.FAILED)
                    .findFirst().map(each -> " at " + each.getKey() + ": " + each.getValue().message())
                    .orElse(": " + decision.reason());
            return new PhaseOutcome(ClusterPhase.RolloutPaused, "rollout of revision " + revision + " paused" + at
                    + " (" + progress + "); see kubenodectl rollout status", outcome.candidatesWaitFor());
        }
        return new PhaseOutcome(outcome.phase(), outcome.message() + "; rolling out revision " + revision + ": "
                + progress, outcome.candidatesWaitFor());
    }

    private static RolloutNodeRecord judge(DecisionDraft draft, long revision, String name, RolloutNodeRecord record,
                                           boolean allJoined, Duration timeout) {
        Instant deadline = Instant.parse(record.since()).plus(timeout);
        String waitingFor = waitingFor(draft, name, allJoined);
        if (waitingFor == null) {
            draft.event(DONE, name, null, "revision " + revision + " applied and healthy after "
                    + Duration.between(Instant.parse(record.since()), draft.now).toSeconds() + " s");
            return record.with(RolloutNode.State.DONE, null, draft.nowText, "revision " + revision
                    + " applied, converged and healthy");
        }
        Optional<ResourceStatus> failed = failedResource(draft, name);
        if (failed.isPresent()) {
            String reason = failed.get().id() + " failed: " + FailureText.firstLine(
                    FailureText.redacted(failed.get().message()));
            draft.event(FAILED, name, null, "revision " + revision + ": " + reason);
            return record.with(RolloutNode.State.FAILED, null, draft.nowText, reason);
        }
        if (!draft.now.isBefore(deadline)) {
            String reason = "not healthy within " + describe(timeout) + ": " + waitingFor;
            draft.event(FAILED, name, null, "revision " + revision + ": " + reason);
            return record.with(RolloutNode.State.FAILED, null, draft.nowText, reason);
        }
        draft.wakeAt(deadline);
        return record.with(RolloutNode.State.RELEASED, null, record.since(), waitingFor);
    }

    /** The first gate the node does not pass yet, or null when it passes them all. */
    private static String waitingFor(DecisionDraft draft, String name, boolean allJoined) {
        if (!draft.fresh(name)) {
            return "waits for the node to apply generation " + draft.statuses.generation(name);
        }
        NodeStatus status = draft.statuses.status(name);
        if (status.failedCount() > 0 || !status.converged()) {
            return "waits for the node to converge" + status.resources().stream()
                    .filter(resource -> !StatusView.IN_SYNC.equals(resource.state())).findFirst()
                    .map(resource -> " (" + resource.id() + " " + resource.state() + ")").orElse("");
        }
        if (allJoined) {
            Optional<Set<String>> ready = draft.input.apiReadyNodes();
            if (ready == null || ready.isEmpty()) {
                return "waits for the cluster API to answer through the control-plane endpoint";
            }
            if (!ready.get().contains(name)) {
                return "waits for the cluster API to list the node Ready";
            }
        }
        return null;
    }

    private static Optional<ResourceStatus> failedResource(DecisionDraft draft, String name) {
        if (!draft.fresh(name)) {
            return Optional.empty();
        }
        return draft.statuses.status(name).resources().stream()
                .filter(resource -> ResourceStatus.FAILED.equals(resource.state())).findFirst();
    }

    private static String describe(Duration timeout) {
        long seconds = timeout.toSeconds();
        return seconds % 3600 == 0 ? seconds / 3600 + "h" : seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
