package io.kubenode.controller.node;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.NodeSpec;
import io.kubenode.common.status.NodeStatus;
import io.kubenode.common.status.NodeSummary;
import io.kubenode.controller.orchestration.view.OrchestrationStatus;
import io.kubenode.controller.store.IssuedCertificate;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * Joins what the controller knows about each node into the rows of {@code GET /api/v1/nodes}: the cluster
 * document (role, address), the published catalog generation, the last status and the certificates issued. Pure.
 */
public final class NodeSummaries {
    private NodeSummaries() {
    }

    /** Every node the document names, that enrolled, or that reported, by name. */
    public static List<NodeSummary> of(Optional<Cluster> cluster, ToLongFunction<String> desiredGeneration,
                                       Map<String, ReceivedStatus> statuses, List<IssuedCertificate> issued) {
        Map<String, NodeSpec> specs = cluster.map(document -> document.spec().nodes().stream()
                .collect(Collectors.toMap(NodeSpec::name, Function.identity()))).orElse(Map.of());
        Map<String, List<IssuedCertificate>> certificates = issued.stream()
                .collect(Collectors.groupingBy(IssuedCertificate::nodeName));
        TreeSet<String> names = new TreeSet<>(statuses.keySet());
        names.addAll(specs.keySet());
        names.addAll(certificates.keySet());
        return names.stream().map(name -> summary(name, Optional.ofNullable(specs.get(name)), desiredGeneration,
                Optional.ofNullable(statuses.get(name)), certificates.getOrDefault(name, List.of()))).toList();
    }

    public static NodeSummary summary(String name, Optional<NodeSpec> spec, ToLongFunction<String> desiredGeneration,
                                      Optional<ReceivedStatus> received, List<IssuedCertificate> certificates) {
        long desired = spec.isPresent() ? desiredGeneration.applyAsLong(name) : 0;
        Optional<NodeStatus> status = received.map(ReceivedStatus::status);
        long applied = status.map(NodeStatus::appliedGeneration).orElse(0L);
        boolean converged = status.isPresent() && status.get().converged() && desired > 0 && applied == desired;
        Optional<IssuedCertificate> newestValid = certificates.stream().filter(each -> !each.revoked())
                .max(Comparator.comparing(IssuedCertificate::notAfter));
        return new NodeSummary(name, spec.map(NodeSpec::role).orElse(null), spec.map(NodeSpec::address).orElse(null),
                converged, applied, desired, status.map(NodeStatus::failedCount).orElse(0),
                received.map(ReceivedStatus::receivedAt).orElse(null), !certificates.isEmpty(),
                !certificates.isEmpty() && newestValid.isEmpty(),
                newestValid.map(IssuedCertificate::notAfter).map(Instant::toString).orElse(null), null);
    }

    /** The node's orchestration phase, null when there is no orchestration or it does not name the node. */
    public static String phase(Optional<OrchestrationStatus> orchestration, String name) {
        return orchestration.flatMap(status -> status.node(name)).map(node -> node.phase().name()).orElse(null);
    }

    public static Optional<NodeSpec> spec(Cluster cluster, String name) {
        return cluster.spec().nodes().stream().filter(node -> node.name().equals(name)).findFirst();
    }

    public static List<IssuedCertificate> certificatesOf(List<IssuedCertificate> issued, String name) {
        return issued.stream().filter(certificate -> certificate.nodeName().equals(name)).toList();
    }
}
