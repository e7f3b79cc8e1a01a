package io.kubenode.common.validation;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.NetworkSpec;
import io.kubenode.common.net.Cidr;

import java.util.Optional;

/** The CNI plugin (flannel) and its pinned manifest, whose pod network must match podSubnet. */
final class NetworkPluginRules implements ClusterRule {
    private static final String PATH = "spec.network";

    @Override
    public void check(Cluster cluster, Problems problems) {
        NetworkSpec network = cluster.spec().network();
        if (network == null) {
            return;
        }
        if (problems.required(PATH + ".plugin", network.plugin()) && !NetworkSpec.FLANNEL.equals(network.plugin())) {
            problems.error(PATH + ".plugin", "expected flannel (the only plugin kubenode installs), got '"
                    + network.plugin() + "'");
            return;
        }
        if (!problems.required(PATH + ".manifest", network.manifest())) {
            return;
        }
        ArtifactChecks.check(PATH + ".manifest", network.manifest(), problems);
        checkFlannelNetwork(cluster, network.manifest(), problems);
    }

    /**
     * flannel's stock manifest hard-codes "Network": "10.244.0.0/16" in its net-conf.json. Pods get addresses
     * from the node's podCIDR (from podSubnet) while flannel routes its own network, so a mismatch breaks
     * pod-to-pod traffic across nodes. A manifest edited to another network says so in manifest.podSubnet.
     */
    private static void checkFlannelNetwork(Cluster cluster, NetworkSpec.Manifest manifest, Problems problems) {
        String podSubnet = cluster.spec().kubernetes() == null ? null : cluster.spec().kubernetes().podSubnet();
        if (podSubnet == null) {
            problems.error("spec.kubernetes.podSubnet", "required with flannel: kubeadm must allocate a pod CIDR "
                    + "to every node from it");
            return;
        }
        if (manifest.podSubnet() != null) {
            Optional<Cidr> declared = Cidr.parse(manifest.podSubnet()).cidr();
            if (declared.isEmpty()) {
                problems.error(PATH + ".manifest.podSubnet", Cidr.parse(manifest.podSubnet()).problem());
            } else if (!declared.equals(Cidr.parse(podSubnet).cidr())) {
                problems.error(PATH + ".manifest.podSubnet", "the manifest's flannel network " + declared.get()
                        + " differs from spec.kubernetes.podSubnet " + podSubnet);
            }
            return;
        }
        if (!Cidr.parse(podSubnet).cidr().equals(Cidr.parse(NetworkSpec.FLANNEL_DEFAULT_NETWORK).cidr())) {
            problems.warning("spec.kubernetes.podSubnet", podSubnet + " is not flannel's default "
                    + NetworkSpec.FLANNEL_DEFAULT_NETWORK + ": the stock kube-flannel.yml hard-codes that network in "
                    + "net-conf.json, so cross-node pod traffic breaks unless the manifest is edited to " + podSubnet
                    + " (then say so with spec.network.manifest.podSubnet)");
        }
    }
}
