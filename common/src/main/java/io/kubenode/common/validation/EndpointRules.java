package io.kubenode.common.validation;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.ControlPlaneEndpoint;
import io.kubenode.common.cluster.NodeSpec;
import io.kubenode.common.net.IpAddress;

import java.util.List;
import java.util.Optional;

/** The control-plane endpoint: DNS name, virtual IP that no node owns, haproxy port. */
final class EndpointRules implements ClusterRule {
    private static final String PATH = "spec.controlPlaneEndpoint";

    @Override
    public void check(Cluster cluster, Problems problems) {
        ControlPlaneEndpoint endpoint = cluster.spec().controlPlaneEndpoint();
        if (!problems.required(PATH, endpoint)) {
            return;
        }
        if (problems.required(PATH + ".host", endpoint.host()) && !Patterns.isDns1123Subdomain(endpoint.host())) {
            problems.error(PATH + ".host", DocumentRules.dns1123(endpoint.host()));
        }
        if (problems.required(PATH + ".address", endpoint.address())) {
            checkAddress(endpoint.address(), cluster.spec().nodesOrEmpty(), problems);
        }
        if (problems.required(PATH + ".port", endpoint.port())) {
            if (!isPort(endpoint.port())) {
                problems.error(PATH + ".port", "expected a port in 1..65535, got " + endpoint.port());
            } else if (cluster.spec().loadBalancer() != null
                    && endpoint.port() == cluster.spec().loadBalancer().apiServerPort()) {
                problems.error(PATH + ".port", "haproxy listens on " + endpoint.port()
                        + " on every control-plane node, where kube-apiserver listens on spec.loadBalancer.haproxy"
                        + ".apiServerPort (" + cluster.spec().loadBalancer().apiServerPort() + "): use another port");
            }
        }
    }

    private static void checkAddress(String address, List<NodeSpec> nodes, Problems problems) {
        Optional<IpAddress> vip = IpAddress.parse(address);
        if (vip.isEmpty()) {
            problems.error(PATH + ".address", "expected an IPv4 or IPv6 address, got '" + address + "'");
            return;
        }
        for (int i = 0; i < nodes.size(); i++) {
            NodeSpec node = nodes.get(i);
            if (node != null && IpAddress.parse(node.address()).equals(vip)) {
                problems.error(PATH + ".address", "the virtual IP " + address + " is the address of "
                        + "spec.nodes[" + i + "] (" + node.name() + "); keepalived needs an address no node owns");
            }
        }
    }

    static boolean isPort(Integer port) {
        return port != null && port >= 1 && port <= 65535;
    }
}
