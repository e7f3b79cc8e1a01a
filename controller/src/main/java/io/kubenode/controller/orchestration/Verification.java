package io.kubenode.controller.orchestration;

import io.kubenode.common.cluster.NodeSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Once every node has joined: each gets the endpoint probe (the endpoint as it sees it through the virtual IP), and
 * the cluster is Ready when every node is healthy ({@link Health}). A Ready cluster that loses a node's health is
 * Degraded until it is healthy again; before the first Ready it is Verifying.
 */
final class Verification {
    private Verification() {
    }

    static PhaseOutcome verify(DecisionDraft draft) {
        for (NodeSpec node : draft.nodes) {
            Released released = draft.released(node.name());
            if (!released.endpointProbe()) {
                draft.release(node.name(), new Released(released.clusterPki(), released.kubeadm(),
                        released.discoveryToken(), released.initToken(), released.network(), true));
                draft.event("step.release", node.name(), StepKind.ENDPOINT_PROBE,
                        "probe of the control-plane endpoint through the virtual IP");
            }
        }
        int total = draft.nodes.size();
        List<String> problems = new ArrayList<>();
        for (NodeSpec node : draft.nodes) {
            Health.NodeHealth health = Health.of(draft, node.name());
            if (!Health.healthy(draft, node.name(), health)) {
                problems.add(node.name() + ": " + health.problem());
            }
        }
        int ready = total - problems.size();
        String count = ready + "/" + total + " nodes ready";
        if (problems.isEmpty()) {
            boolean asked = draft.input.apiReadyNodes() != null && draft.input.apiReadyNodes().isPresent();
            return new PhaseOutcome(ClusterPhase.Ready, count + (asked ? ""
                    : " (on the agents' evidence alone: the controller could not ask the cluster API)"), null);
        }
        ClusterPhase previous = draft.before.phase();
        boolean wasReady = previous == ClusterPhase.Ready || previous == ClusterPhase.Degraded
                || previous == ClusterPhase.RolloutPaused;
        return new PhaseOutcome(wasReady ? ClusterPhase.Degraded : ClusterPhase.Verifying, count + "; "
                + String.join("; ", problems), null);
    }
}
