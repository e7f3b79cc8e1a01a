package io.kubenode.common.validation;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.HostSpec;
import io.kubenode.common.cluster.NodeSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The host firewall: the mode ({@code spec.host.firewall}) and the user's own ports, cluster-wide
 * ({@code spec.host.extraPorts}) and per node ({@code spec.nodes[i].extraPorts}), in firewalld's notation. The
 * ports a role needs are the compiler's business; here only what the person wrote.
 */
final class FirewallRules implements ClusterRule {
    private static final String PATH = "spec.host";
    static final Set<String> MODES = Set.of(HostSpec.FIREWALL_AUTO, HostSpec.FIREWALL_FIREWALLD,
            HostSpec.FIREWALL_NONE);
    static final String PORT_EXPECTED = "a port or range with its protocol in firewalld's notation (9100/tcp, "
            + "30000-32767/udp): ports 1-65535, low end not above the high end, protocol tcp, udp, sctp or dccp";

    @Override
    public void check(Cluster cluster, Problems problems) {
        HostSpec host = cluster.spec().host();
        String mode = host == null ? HostSpec.FIREWALL_AUTO : host.firewallOrDefault();
        if (!MODES.contains(mode)) {
            problems.error(PATH + ".firewall", "expected auto (manage firewalld where it runs), firewalld (firewalld "
                    + "must run on every node) or none (leave the firewall alone), got '" + mode + "'");
        }
        boolean unmanaged = HostSpec.FIREWALL_NONE.equals(mode);
        Map<String, String> clusterPorts = host == null ? Map.of()
                : checkPorts(PATH + ".extraPorts", host.extraPorts(), unmanaged, problems);
        List<NodeSpec> nodes = cluster.spec().nodesOrEmpty();
        for (int i = 0; i < nodes.size(); i++) {
            NodeSpec node = nodes.get(i);
            if (node == null) {
                continue; // NodeRules reports it
            }
            String path = "spec.nodes[" + i + "].extraPorts";
            Map<String, String> own = checkPorts(path, node.extraPorts(), unmanaged, problems);
            own.forEach((port, at) -> {
                String everyNode = clusterPorts.get(port);
                if (everyNode != null) {
                    problems.warning(at, "'" + port + "' is already opened on every node by " + everyNode);
                }
            });
        }
    }

    /** Each entry well-formed and listed once; returns the valid ports with the path that lists them. */
    private static Map<String, String> checkPorts(String path, List<String> ports, boolean unmanaged,
                                                  Problems problems) {
        Map<String, String> pathByPort = new LinkedHashMap<>();
        if (ports == null) {
            return pathByPort;
        }
        if (unmanaged && !ports.isEmpty()) {
            // Nothing would open them, and the preflight checks only what Kubernetes itself needs.
            problems.warning(path, "ignored: with spec.host.firewall none kubenode opens no port; open these "
                    + "yourself or use auto or firewalld");
        }
        for (int i = 0; i < ports.size(); i++) {
            String entry = path + "[" + i + "]";
            String port = ports.get(i);
            if (!Patterns.isFirewallPort(port)) {
                problems.error(entry, "expected " + PORT_EXPECTED + ", got '" + port + "'");
                continue;
            }
            String earlier = pathByPort.putIfAbsent(port, entry);
            if (earlier != null) {
                problems.error(entry, "duplicate port '" + port + "', also at " + earlier);
            }
        }
        return pathByPort;
    }
}
