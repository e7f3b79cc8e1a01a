package io.kubenode.controller.rollout;

import java.util.ArrayList;
import java.util.List;

/**
 * The rollout's decision, a pure function of the nodes' states: nodes the revision interrupts nothing on get it at
 * once; control planes it interrupts get it one at a time in document order, the next only when the previous is
 * done (converged, gates passed); then workers, at most {@code maxUnavailable} of them in progress at once. A failed
 * node, or a pause, stops every further release; nodes not yet released keep their previous catalog.
 */
public final class RolloutPlanner {

    private RolloutPlanner() {
    }

    /**
     * @param nodes          every node of the cluster, in document order
     * @param maxUnavailable workers in progress at once (at least 1; see {@link #maxUnavailable})
     * @param pausedBy       a person's pause (its reason), or null
     */
    public static RolloutDecision decide(List<RolloutNode> nodes, int maxUnavailable, String pausedBy) {
        if (maxUnavailable < 1) {
            throw new IllegalArgumentException("maxUnavailable must be at least 1, got " + maxUnavailable);
        }
        String controlPlanes = progress(nodes, true);
        String workers = progress(nodes, false);
        List<String> release = new ArrayList<>();
        for (RolloutNode node : nodes) {
            if (!node.disruptive() && node.state() == RolloutNode.State.PENDING) {
                release.add(node.name());
            }
        }
        String failed = nodes.stream().filter(node -> node.state() == RolloutNode.State.FAILED)
                .map(RolloutNode::name).findFirst().orElse(null);
        if (failed != null || pausedBy != null) {
            String reason = failed != null ? failed + " did not converge or pass its health gates" : pausedBy;
            return new RolloutDecision(release, RolloutDecision.State.PAUSED, reason, controlPlanes, workers);
        }
        List<RolloutNode> disruptedControlPlanes = nodes.stream()
                .filter(node -> node.disruptive() && node.controlPlane()).toList();
        List<RolloutNode> disruptedWorkers = nodes.stream()
                .filter(node -> node.disruptive() && !node.controlPlane()).toList();
        boolean controlPlaneInProgress = disruptedControlPlanes.stream()
                .anyMatch(node -> node.state().inProgress());
        if (!controlPlaneInProgress) {
            disruptedControlPlanes.stream().filter(node -> node.state() == RolloutNode.State.PENDING).findFirst()
                    .ifPresent(node -> release.add(node.name()));
        }
        boolean controlPlanesDone = disruptedControlPlanes.stream()
                .allMatch(node -> node.state() == RolloutNode.State.DONE);
        if (controlPlanesDone) {
            long inProgress = disruptedWorkers.stream().filter(node -> node.state().inProgress()).count();
            for (RolloutNode worker : disruptedWorkers) {
                if (inProgress >= maxUnavailable) {
                    break;
                }
                if (worker.state() == RolloutNode.State.PENDING) {
                    release.add(worker.name());
                    inProgress++;
                }
            }
        }
        // Nodes the revision interrupts nothing on need no gate: delivered is done for them.
        boolean complete = nodes.stream().allMatch(node -> node.disruptive() ? node.state() == RolloutNode.State.DONE
                : node.state() != RolloutNode.State.PENDING || release.contains(node.name()));
        List<String> ordered = nodes.stream().map(RolloutNode::name).filter(release::contains).toList();
        return new RolloutDecision(ordered, complete ? RolloutDecision.State.COMPLETE : RolloutDecision.State.ROLLING,
                null, controlPlanes, workers);
    }

    /**
     * {@code spec.rollout.maxUnavailable}: a number ("2") or a percentage of the workers the revision interrupts
     * ("25%", rounded down); at least 1 either way, so a rollout always moves.
     */
    public static int maxUnavailable(String value, int disruptedWorkers) {
        if (value == null) {
            return 1;
        }
        String text = value.strip();
        int resolved;
        if (text.endsWith("%")) {
            int percent = Integer.parseInt(text.substring(0, text.length() - 1));
            resolved = disruptedWorkers * percent / 100;
        } else {
            resolved = Integer.parseInt(text);
        }
        return Math.max(1, resolved);
    }

    private static String progress(List<RolloutNode> nodes, boolean controlPlanes) {
        List<RolloutNode> disrupted = nodes.stream()
                .filter(node -> node.disruptive() && node.controlPlane() == controlPlanes).toList();
        long done = disrupted.stream().filter(node -> node.state() == RolloutNode.State.DONE).count();
        return done + "/" + disrupted.size();
    }
}
