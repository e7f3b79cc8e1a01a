package io.kubenode.common.validation;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.KubernetesSpec;
import io.kubenode.common.cluster.NodeSpec;
import io.kubenode.common.net.Cidr;
import io.kubenode.common.net.IpAddress;

import java.util.List;
import java.util.Optional;

/** Pod and service networks: valid, apart from each other, and clear of node addresses and the VIP. */
final class SubnetRules implements ClusterRule {

    @Override
    public void check(Cluster cluster, Problems problems) {
        KubernetesSpec kubernetes = cluster.spec().kubernetes();
        if (kubernetes == null) {
            return;
        }
        Optional<Cidr> pods = parse("spec.kubernetes.podSubnet", kubernetes.podSubnet(), problems);
        Optional<Cidr> services = parse("spec.kubernetes.serviceSubnet", kubernetes.serviceSubnet(), problems);
        if (pods.isPresent() && services.isPresent() && pods.get().overlaps(services.get())) {
            problems.error("spec.kubernetes.serviceSubnet", services.get() + " overlaps spec.kubernetes.podSubnet "
                    + pods.get());
        }
        pods.ifPresent(cidr -> checkClear("spec.kubernetes.podSubnet", cidr, cluster, problems));
        services.ifPresent(cidr -> checkClear("spec.kubernetes.serviceSubnet", cidr, cluster, problems));
    }

    private static Optional<Cidr> parse(String path, String text, Problems problems) {
        if (text == null) {
            return Optional.empty();
        }
        Cidr.Parsed parsed = Cidr.parse(text);
        if (parsed.cidr().isEmpty()) {
            problems.error(path, parsed.problem());
        }
        return parsed.cidr();
    }

    private static void checkClear(String path, Cidr cidr, Cluster cluster, Problems problems) {
        List<NodeSpec> nodes = cluster.spec().nodesOrEmpty();
        for (int i = 0; i < nodes.size(); i++) {
            NodeSpec node = nodes.get(i);
            Optional<IpAddress> address = node == null ? Optional.empty() : IpAddress.parse(node.address());
            if (address.isPresent() && cidr.contains(address.get())) {
                problems.error(path, cidr + " contains the address of spec.nodes[" + i + "] (" + node.address()
                        + "); pod and service networks must not overlap the node network");
            }
        }
        if (cluster.spec().controlPlaneEndpoint() != null) {
            IpAddress.parse(cluster.spec().controlPlaneEndpoint().address())
                    .filter(cidr::contains)
                    .ifPresent(vip -> problems.error(path, cidr + " contains the control-plane virtual IP " + vip));
        }
    }
}
