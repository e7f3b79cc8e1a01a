package io.kubenode.controller.monitoring;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.NodeSpec;
import io.kubenode.common.net.IpAddress;
import io.kubenode.common.status.Facts;
import io.kubenode.common.status.MetricsEndpoint;
import io.kubenode.common.status.NodeStatus;
import io.kubenode.controller.node.ReceivedStatus;
import io.kubenode.controller.store.IssuedCertificate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What Prometheus should scrape, in its HTTP service discovery format (a list of target groups, each with its
 * targets and labels): every enrolled node whose agent reported where it serves its metrics, and the controller
 * itself. A pure function of what the controller knows: a node counts as enrolled while it holds a certificate that is
 * neither revoked nor expired, so a revoked node leaves the answer at once and a new one appears with its first
 * status. A node's target is the address its agent listens on, or, when it listens on every address, the node's
 * address in the cluster document (else the first address it reported that other hosts can reach: not loopback, not link-local).
 */
public final class ScrapeTargets {
    public static final String CONTROLLER_ROLE = "controller";
    /** The role label of an enrolled node the cluster document does not name (yet, or any more). */
    public static final String UNASSIGNED_ROLE = "unassigned";

    /** One group of Prometheus's {@code http_sd_configs} answer. */
    public record TargetGroup(List<String> targets, Map<String, String> labels) {
        public TargetGroup {
            targets = List.copyOf(targets);
            labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        }
    }

    private ScrapeTargets() {
    }

    /**
     * @param cluster            the current cluster document, if any (node roles and addresses, the cluster label)
     * @param statuses           the last status of every node that reported
     * @param issued             every node certificate ever signed
     * @param controller         where the controller serves its metrics, or null when it does not
     * @param controllerHost     how the asker reached the controller (its Host header): the target of a controller
     *                           whose metrics listen on every address
     */
    public static List<TargetGroup> of(Optional<Cluster> cluster, Map<String, ReceivedStatus> statuses,
                                       List<IssuedCertificate> issued, MetricsEndpoint controller,
                                       String controllerHost, Instant now) {
        String clusterName = cluster.map(document -> document.metadata().name()).orElse("");
        TreeSet<String> enrolled = new TreeSet<>();
        issued.stream().filter(certificate -> certificate.kind() == IssuedCertificate.Kind.NODE)
                .filter(certificate -> !certificate.revoked() && certificate.notAfter().isAfter(now))
                .forEach(certificate -> enrolled.add(certificate.nodeName()));
        List<TargetGroup> groups = new ArrayList<>();
        for (String name : enrolled) {
            Optional<NodeStatus> status = Optional.ofNullable(statuses.get(name)).map(ReceivedStatus::status);
            Optional<MetricsEndpoint> endpoint = status.map(NodeStatus::metrics);
            Optional<NodeSpec> spec = cluster.flatMap(document -> document.spec().nodesOrEmpty().stream()
                    .filter(node -> node.name().equals(name)).findFirst());
            if (endpoint.isEmpty()) {
                continue;
            }
            Optional<String> host = endpoint.get().everyAddress()
                    ? spec.map(NodeSpec::address).or(() -> firstReachable(status.get().facts()))
                    : Optional.of(endpoint.get().host());
            if (host.isEmpty()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("__scheme__", endpoint.get().scheme());
            labels.put("cluster", clusterName);
            labels.put("node", name);
            labels.put("role", spec.map(NodeSpec::role).orElse(UNASSIGNED_ROLE));
            groups.add(new TargetGroup(List.of(target(host.get(), endpoint.get().port())), labels));
        }
        if (controller != null) {
            String host = controller.everyAddress() ? hostOnly(controllerHost) : controller.host();
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("__scheme__", controller.scheme());
            labels.put("cluster", clusterName);
            labels.put("role", CONTROLLER_ROLE);
            groups.add(new TargetGroup(List.of(target(host, controller.port())), labels));
        }
        return groups;
    }

    /** host:port, an IPv6 literal in brackets. */
    static String target(String host, int port) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return (bare.contains(":") ? "[" + bare + "]" : bare) + ":" + port;
    }

    /** The host of a Host header ("name:9443", "[::1]:9443", "name"). */
    static String hostOnly(String hostHeader) {
        if (hostHeader.startsWith("[")) {
            int end = hostHeader.indexOf(']');
            return end < 0 ? hostHeader : hostHeader.substring(1, end);
        }
        int colon = hostHeader.indexOf(':');
        return colon < 0 ? hostHeader : hostHeader.substring(0, colon);
    }

    private static Optional<String> firstReachable(Facts facts) {
        if (facts == null) {
            return Optional.empty();
        }
        return facts.interfaces().stream().flatMap(each -> each.addresses().stream())
                .filter(address -> IpAddress.parse(address).filter(ip -> !ip.isLoopback() && !ip.isLinkLocal())
                        .isPresent())
                .findFirst();
    }
}
