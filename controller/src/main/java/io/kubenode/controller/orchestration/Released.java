package io.kubenode.controller.orchestration;

/**
 * What the orchestrator has released into one node's catalog, beyond host preparation. Everything a catalog holds
 * for orchestration is a function of this (and of the record's {@link BootstrapToken} for its holder), so the
 * catalogs compiled after a restart are byte-identical to those before it.
 *
 * @param clusterPki     the cluster CAs and service-account keys under /etc/kubernetes/pki (control planes only)
 * @param kubeadm        the kubeadm step, or null
 * @param discoveryToken the token id written into /etc/kubenode/kubeadm/discovery.conf (joining nodes), or null
 * @param initToken      the token id in the init node's InitConfiguration (bootstrapTokens), or null
 * @param network        the CNI manifest applied from this node (the init node)
 * @param endpointProbe  a probe of the control-plane endpoint through the virtual IP (init node, then every node)
 */
public record Released(boolean clusterPki, KubeadmStep kubeadm, String discoveryToken, String initToken,
                       boolean network, boolean endpointProbe) {
    public static final Released NOTHING = new Released(false, null, null, null, false, false);

    public Released withKubeadm(KubeadmStep step) {
        return new Released(clusterPki, step, discoveryToken, initToken, network, endpointProbe);
    }
}
