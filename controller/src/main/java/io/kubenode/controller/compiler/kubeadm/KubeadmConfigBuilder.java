package io.kubenode.controller.compiler.kubeadm;

import io.kubenode.common.catalog.FileSpec;
import io.kubenode.controller.compiler.CatalogDraft;
import io.kubenode.controller.compiler.NodeContext;
import io.kubenode.controller.compiler.NodeModelBuilder;

/**
 * The kubeadm configuration file this node will run kubeadm with: init on the init node, control-plane join on
 * the other control planes, worker join elsewhere.
 *
 * <p>Seam for orchestration: this file holds no secret. A joining node discovers the cluster through
 * {@link KubeadmDocuments#DISCOVERY_KUBECONFIG}, which the orchestrator delivers with the bootstrap token and CA
 * (and, on control planes, the shared certificates under /etc/kubernetes/pki) before it releases the kubeadm
 * action itself.
 */
public final class KubeadmConfigBuilder implements NodeModelBuilder {
    public static final String CONFIG_FILE = "/etc/kubenode/kubeadm/config.yaml";

    @Override
    public void build(NodeContext node, CatalogDraft catalog) {
        String content = node.isInitNode() ? KubeadmDocuments.init(node) : KubeadmDocuments.join(node);
        catalog.add(FileSpec.rootOwned(CONFIG_FILE, content, "0600"));
    }
}
