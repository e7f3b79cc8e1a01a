package io.kubenode.controller.orchestration;

import io.kubenode.common.cluster.NodeSpec;
import io.kubenode.common.status.Condition;
import io.kubenode.common.status.NodeStatus;
import io.kubenode.common.status.ResourceStatus;
import io.kubenode.controller.orchestration.preflight.ClusterPreflight;
import io.kubenode.controller.orchestration.preflight.NodePreflight;
import io.kubenode.controller.orchestration.preflight.PreflightCheck;
import io.kubenode.controller.orchestration.preflight.PreflightFailure;
import io.kubenode.controller.orchestration.preflight.PreflightResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gate of every <em>candidate</em>: a node of the document that has not joined and has no kubeadm step yet
 * (before the bring-up every node; later the nodes still waiting for their turn and day-2 nodes). Nodes that have a
 * step or have joined are never gated again, so their catalogs are not touched by a preflight.
 */
final class Gates {
    private final Map<String, NodeGate> gates;
    private final List<PreflightFailure> clusterFailures;

    private Gates(Map<String, NodeGate> gates, List<PreflightFailure> clusterFailures) {
        this.gates = gates;
        this.clusterFailures = clusterFailures;
    }

    static Gates evaluate(DecisionDraft draft) {
        List<NodeSpec> candidates = draft.nodes.stream().filter(node -> isCandidate(draft, node.name())).toList();
        if (candidates.isEmpty()) {
            return new Gates(Map.of(), List.of());
        }
        PreflightResult preflight = ClusterPreflight.check(draft.input.cluster(), draft.statuses.all());
        Map<String, NodeGate> gates = new LinkedHashMap<>();
        for (NodeSpec node : candidates) {
            gates.put(node.name(), gate(draft, node.name(), preflight));
        }
        // An even control-plane count is refused for a new cluster only: once one exists, it is the middle of a
        // replacement (remove the dead control plane, then add its successor), and the document's warning says so.
        boolean exists = draft.anyJoined();
        List<PreflightFailure> clusterFailures = preflight.clusterFailures().stream()
                .filter(PreflightFailure::permanent)
                .filter(failure -> !(exists && failure.check() == PreflightCheck.ODD_CONTROL_PLANE_COUNT)).toList();
        return new Gates(gates, clusterFailures);
    }

    static boolean isCandidate(DecisionDraft draft, String node) {
        return !draft.joined(node) && draft.released(node).kubeadm() == null;
    }

    private static NodeGate gate(DecisionDraft draft, String node, PreflightResult preflight) {
        NodeStatus status = draft.statuses.status(node);
        if (status == null) {
            return new NodeGate(node, NodeGate.Kind.NO_STATUS, "not enrolled or no status reported yet", List.of());
        }
        if (!draft.fresh(node)) {
            return new NodeGate(node, NodeGate.Kind.PREPARING, "host preparation: catalog generation "
                    + draft.statuses.generation(node) + " not applied yet (last applied "
                    + status.appliedGeneration() + ")", List.of());
        }
        if (!status.converged()) {
            return new NodeGate(node, NodeGate.Kind.PREPARING, "host preparation converging: "
                    + notConverged(status), List.of());
        }
        Optional<NodePreflight> checked = preflight.node(node);
        if (checked.isEmpty() || checked.get().verdict() == NodePreflight.Verdict.NOT_READY) {
            String reason = checked.map(NodePreflight::notReadyReason).orElse("not checked");
            return new NodeGate(node, NodeGate.Kind.PREFLIGHT_WAIT, "preflight waits: " + reason, List.of());
        }
        NodePreflight result = checked.get();
        if (result.hasPermanentFailure()) {
            return new NodeGate(node, NodeGate.Kind.PREFLIGHT_FAILED, "preflight failed: "
                    + messages(result.failures().stream().filter(PreflightFailure::permanent).toList()),
                    result.failures());
        }
        if (!result.failures().isEmpty()) {
            return new NodeGate(node, NodeGate.Kind.PREFLIGHT_WAIT, "preflight waits: "
                    + messages(result.failures()), result.failures());
        }
        return new NodeGate(node, NodeGate.Kind.PASSED, "prepared, preflight passed", List.of());
    }

    private static String notConverged(NodeStatus status) {
        List<String> failed = status.resources().stream()
                .filter(resource -> ResourceStatus.FAILED.equals(resource.state())).map(ResourceStatus::id)
                .toList();
        if (!failed.isEmpty()) {
            return failed.size() + " failed (" + String.join(", ", failed.subList(0, Math.min(3, failed.size())))
                    + (failed.size() > 3 ? ", ..." : "") + ")";
        }
        return status.conditions().stream().filter(condition -> Condition.CONVERGED.equals(condition.type()))
                .map(Condition::message).filter(message -> message != null && !message.isBlank()).findFirst()
                .orElse("not converged");
    }

    /** The gate for a cluster message: the failures (they name their node), else the node and the gate's message. */
    static String describe(NodeGate gate) {
        return gate.failures().isEmpty() ? gate.node() + ": " + gate.message() : messages(gate.failures());
    }

    static String messages(List<PreflightFailure> failures) {
        return String.join("; ", failures.stream().map(PreflightFailure::message).toList());
    }

    NodeGate of(String node) {
        return gates.get(node);
    }

    boolean isEmpty() {
        return gates.isEmpty();
    }

    List<NodeGate> all() {
        return new ArrayList<>(gates.values());
    }

    /** Cluster-wide failures retrying cannot fix (an even control-plane count); they matter only for candidates. */
    List<PreflightFailure> clusterFailures() {
        return clusterFailures;
    }

    /** Every failure a person must act on before a candidate may join: cluster-wide first, then per node. */
    List<PreflightFailure> permanentFailures() {
        List<PreflightFailure> all = new ArrayList<>(clusterFailures);
        gates.values().stream().filter(NodeGate::failedPermanently)
                .forEach(gate -> all.addAll(gate.failures().stream().filter(PreflightFailure::permanent).toList()));
        return all;
    }

    boolean failedPermanently() {
        return !permanentFailures().isEmpty();
    }
}
