package io.kubenode.controller.orchestration.preflight;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The preflight of a whole cluster: one {@link NodePreflight} per node of the document (in document order) and
 * the cluster-wide failures (the control-plane count). Kubeadm steps may start only when {@link #passed()}.
 */
public record PreflightResult(List<NodePreflight> nodes, List<PreflightFailure> clusterFailures) {

    public PreflightResult {
        nodes = List.copyOf(nodes);
        clusterFailures = List.copyOf(clusterFailures);
    }

    /** Every node checked and passed, and nothing failed cluster-wide. */
    public boolean passed() {
        return clusterFailures.isEmpty()
                && nodes.stream().allMatch(node -> node.verdict() == NodePreflight.Verdict.PASSED);
    }

    /** Some failure retrying cannot fix: stop at Failed/PreflightFailed with {@link #failures()} as the reason. */
    public boolean failedPermanently() {
        return failures().stream().anyMatch(PreflightFailure::permanent);
    }

    /** Cluster-wide failures first, then each node's, in document order. */
    public List<PreflightFailure> failures() {
        List<PreflightFailure> all = new ArrayList<>(clusterFailures);
        nodes.forEach(node -> all.addAll(node.failures()));
        return all;
    }

    /** Nodes without facts yet; the preflight is to be run again once they report. */
    public List<String> notReady() {
        return nodes.stream().filter(node -> node.verdict() == NodePreflight.Verdict.NOT_READY)
                .map(NodePreflight::node).toList();
    }

    public Optional<NodePreflight> node(String name) {
        return nodes.stream().filter(node -> node.node().equals(name)).findFirst();
    }
}
