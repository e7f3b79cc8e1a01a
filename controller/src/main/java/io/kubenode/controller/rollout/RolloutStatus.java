package io.kubenode.controller.rollout;

import io.kubenode.common.cluster.NodeSpec;

import java.util.List;
import java.util.Locale;

/**
 * A rollout as people and the API see it ({@code GET /api/v1/rollout}, {@code kubenodectl rollout status}).
 * {@code state}: Rolling, Paused or Complete. {@code reason}: why it is paused (the failed node, its resource and
 * reason, or who paused it), else null. {@code controlPlanes}/{@code workers}: "done/total" of the nodes the revision
 * interrupts. No secret in it.
 */
public record RolloutStatus(long revision, long fromRevision, String state, String reason, String pausedBy,
                            boolean allAtOnce, String startedAt, String controlPlanes, String workers,
                            List<Node> nodes) {
    public static final String ROLLING = "Rolling";
    public static final String PAUSED = "Paused";
    public static final String COMPLETE = "Complete";

    public RolloutStatus {
        nodes = List.copyOf(nodes);
    }

    /** The record as people see it. */
    public static RolloutStatus of(RolloutRecord rollout) {
        List<Node> nodes = rollout.nodes().entrySet().stream().map(each -> {
            RolloutNodeRecord node = each.getValue();
            return new Node(each.getKey(), node.controlPlane() ? NodeSpec.CONTROL_PLANE : NodeSpec.WORKER,
                    node.disruptive(), node.restarts(), title(node.state()), rollout.documentRevisionOf(each.getKey()),
                    node.since(), node.message());
        }).toList();
        String failed = rollout.nodes().entrySet().stream()
                .filter(each -> each.getValue().state() == RolloutNode.State.FAILED).findFirst()
                .map(each -> each.getKey() + ": " + each.getValue().message()).orElse(null);
        boolean complete = rollout.nodes().values().stream()
                .allMatch(node -> node.state() == RolloutNode.State.DONE);
        String state = complete ? COMPLETE : failed != null || rollout.pausedBy() != null ? PAUSED : ROLLING;
        String reason = failed != null ? failed : rollout.pausedBy() != null && !complete
                ? "paused by " + rollout.pausedBy() : null;
        return new RolloutStatus(rollout.revision(), rollout.fromRevision(), state, reason, rollout.pausedBy(),
                rollout.allAtOnce(), rollout.startedAt(), progress(rollout, true), progress(rollout, false), nodes);
    }

    private static String progress(RolloutRecord rollout, boolean controlPlanes) {
        List<RolloutNodeRecord> disrupted = rollout.nodes().values().stream()
                .filter(node -> node.disruptive() && node.controlPlane() == controlPlanes).toList();
        long done = disrupted.stream().filter(node -> node.state() == RolloutNode.State.DONE).count();
        return done + "/" + disrupted.size();
    }

    private static String title(RolloutNode.State state) {
        String name = state.name();
        return name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
    }

    /**
     * One node: {@code revision} is the revision whose catalog it holds; {@code state} Pending, Released, Done or
     * Failed; {@code message} the gate it waits for or why it failed; {@code restarts} what the revision restarts
     * there (empty: it took the revision at once).
     */
    public record Node(String name, String role, boolean disruptive, List<String> restarts, String state,
                       long revision, String since, String message) {
        public Node {
            restarts = List.copyOf(restarts);
        }
    }
}
