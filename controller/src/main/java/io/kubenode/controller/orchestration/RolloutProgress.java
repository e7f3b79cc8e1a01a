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
 * which includes the node's probes: on a control plane its apiserver answering and its own haproxy seeing that
 * apiserver up, and the endpoint answering through the virtual IP; no failed resource; and once every node has joined, the cluster API answering through the endpoint and listing the
 * node Ready), fails a node whose gates do not pass within {@code spec.rollout.healthTimeout}, then lets the
 * {@link RolloutPlanner} say which held nodes get the revision now. A node released here gets its new catalog in the
 * same write as the record that releases it. With {@code spec.rollout.drainWorkers}, a worker whose kubelet or
 * container runtime the revision restarts is first cordoned and drained by a joined control plane's agent (a
 * {@code drain} resource in that node's catalog), released once drained, and uncordoned after its gates pass.
 */
final class RolloutProgress {
    static final String RELEASE = "rollout.release";
    static final String DONE = "rollout.done";
    static final String FAILED = "rollout.failed";
    static final String DRAIN = "rollout.drain";
    /** kubectl drain's own timeout is the health timeout; its agent reports it failed within this margin after. */
    private static final Duration DRAIN_MARGIN = Duration.ofMinutes(2);
    /** A restart of these takes the worker's pods down: with drainWorkers they are drained away first. */
    private static final Set<String> DRAINED_FOR = Set.of("service:kubelet", "service:containerd");

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
            if (record == null) {
                continue;
            }
            switch (record.state()) {
                case RELEASED -> nodes.put(node.name(), judge(draft, rollout.revision(), node.name(), record,
                        allJoined, timeout));
                case DRAINING, UNCORDONING -> nodes.put(node.name(), judgeDrain(draft, rollout.revision(),
                        node.name(), record, timeout));
                default -> {
                }
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
            String drainer = drainer(draft, name, record, nodes);
            if (drainer != null) {
                nodes.put(name, record.with(RolloutNode.State.DRAINING, record.heldRevision(), draft.nowText,
                        "being cordoned and drained by " + drainer + "'s agent before it gets revision "
                                + rollout.revision()).withDrainedBy(drainer));
                draft.touch(drainer);
                draft.event(DRAIN, name, null, "revision " + rollout.revision() + " restarts "
                        + String.join(", ", record.restarts()) + ": drained first by " + drainer + "'s agent");
                draft.wakeAt(draft.now.plus(timeout.plus(DRAIN_MARGIN)));
                continue;
            }
            nodes.put(name, release(draft, rollout.revision(), name, record));
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

    /** The node gets the revision's catalog now. */
    private static RolloutNodeRecord release(DecisionDraft draft, long revision, String name, RolloutNodeRecord record) {
        draft.touch(name);
        draft.event(RELEASE, name, null, "revision " + revision + (record.restarts().isEmpty() ? ""
                : ": restarts " + String.join(", ", record.restarts())));
        return record.with(RolloutNode.State.RELEASED, null, draft.nowText,
                "released: waits for the node to apply revision " + revision);
    }

    private static RolloutNodeRecord judge(DecisionDraft draft, long revision, String name, RolloutNodeRecord record,
                                           boolean allJoined, Duration timeout) {
        Instant deadline = Instant.parse(record.since()).plus(timeout);
        String waitingFor = waitingFor(draft, name, allJoined);
        if (waitingFor == null) {
            draft.event(DONE, name, null, "revision " + revision + " applied and healthy after "
                    + Duration.between(Instant.parse(record.since()), draft.now).toSeconds() + " s");
            if (record.drainedBy() != null) {
                draft.touch(record.drainedBy());
                draft.wakeAt(draft.now.plus(timeout.plus(DRAIN_MARGIN)));
                return record.with(RolloutNode.State.UNCORDONING, null, draft.nowText, "revision " + revision
                        + " applied and healthy: being uncordoned by " + record.drainedBy() + "'s agent");
            }
            return record.with(RolloutNode.State.DONE, null, draft.nowText, "revision " + revision
                    + " applied, converged and healthy");
        }
        Optional<ResourceStatus> failed = failedResource(draft, name);
        if (failed.isPresent()) {
            return failed(draft, revision, name, record, failed.get().id() + " failed: " + FailureText.firstLine(
                    FailureText.redacted(failed.get().message())));
        }
        if (!draft.now.isBefore(deadline)) {
            return failed(draft, revision, name, record, "not healthy within " + describe(timeout) + ": "
                    + waitingFor);
        }
        draft.wakeAt(deadline);
        return record.with(RolloutNode.State.RELEASED, null, record.since(), waitingFor);
    }

    /**
     * A worker being drained (before its release) or uncordoned (after its gates passed): judged by the
     * {@code drain:<worker>} resource in its drainer's status.
     */
    private static RolloutNodeRecord judgeDrain(DecisionDraft draft, long revision, String name,
                                                RolloutNodeRecord record, Duration timeout) {
        String drainer = record.drainedBy();
        boolean draining = record.state() == RolloutNode.State.DRAINING;
        String id = StatusView.drainId(name);
        if (draft.fresh(drainer) && draft.statuses.inSync(drainer, id)) {
            if (draining) {
                return release(draft, revision, name, record);
            }
            draft.event(DONE, name, null, "revision " + revision + " applied and healthy, uncordoned after "
                    + Duration.between(Instant.parse(record.since()), draft.now).toSeconds() + " s");
            return record.with(RolloutNode.State.DONE, null, draft.nowText, "revision " + revision
                    + " applied, converged and healthy; uncordoned").withDrainedBy(null);
        }
        Optional<ResourceStatus> resource = draft.fresh(drainer) ? draft.statuses.resource(drainer, id)
                : Optional.empty();
        if (resource.isPresent() && ResourceStatus.FAILED.equals(resource.get().state())) {
            return failed(draft, revision, name, record, (draining ? "drain" : "uncordon") + " by " + drainer
                    + " failed: " + FailureText.firstLine(FailureText.redacted(resource.get().message())));
        }
        Instant deadline = Instant.parse(record.since()).plus(timeout).plus(DRAIN_MARGIN);
        String waitingFor = "waits for " + drainer + "'s agent to " + (draining ? "cordon and drain" : "uncordon")
                + " it" + resource.map(each -> " (" + each.state() + (each.message() == null ? ""
                : ": " + FailureText.firstLine(each.message())) + ")").orElse("");
        if (!draft.now.isBefore(deadline)) {
            return failed(draft, revision, name, record, "not " + (draining ? "drained" : "uncordoned")
                    + " within " + describe(timeout.plus(DRAIN_MARGIN)) + ": " + waitingFor);
        }
        draft.wakeAt(deadline);
        return record.with(record.state(), record.heldRevision(), record.since(), waitingFor);
    }

    /** Stops the rollout at this node; a node failed while draining keeps its previous catalog. */
    private static RolloutNodeRecord failed(DecisionDraft draft, long revision, String name,
                                            RolloutNodeRecord record, String reason) {
        draft.event(FAILED, name, null, "revision " + revision + ": " + reason);
        return record.with(RolloutNode.State.FAILED, record.heldRevision(), draft.nowText, reason);
    }

    /**
     * The control plane whose agent drains {@code worker} before the release, or null when it is not drained: only
     * with {@code spec.rollout.drainWorkers}, for a joined worker whose kubelet or container runtime the revision
     * restarts, by the first joined control plane not itself in the middle of the rollout.
     */
    private static String drainer(DecisionDraft draft, String worker, RolloutNodeRecord record,
                                  Map<String, RolloutNodeRecord> nodes) {
        if (!draft.spec.rolloutOrDefaults().drainWorkersOrDefault() || record.controlPlane()
                || !draft.joined(worker) || record.restarts().stream().noneMatch(DRAINED_FOR::contains)) {
            return null;
        }
        return draft.nodes.stream().filter(NodeSpec::isControlPlane).map(NodeSpec::name).filter(draft::joined)
                .filter(name -> nodes.get(name) == null || !nodes.get(name).state().inProgress()).findFirst()
                .orElse(null);
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
        // The agent restarts notified services at the end of a pass, after its probes looked: a pass that changed
        // something saw the node as it was before. Only a pass that finds everything in sync has seen it after.
        Optional<ResourceStatus> changed = status.resources().stream()
                .filter(resource -> !StatusView.IN_SYNC.equals(resource.state())).findFirst();
        if (changed.isPresent()) {
            return "waits for a pass that observes what the last one changed (" + changed.get().id() + " "
                    + changed.get().state() + ")";
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
