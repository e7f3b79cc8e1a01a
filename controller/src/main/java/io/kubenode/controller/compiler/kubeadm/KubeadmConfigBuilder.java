package io.kubenode.controller.compiler.kubeadm;

import io.kubenode.common.catalog.FileSpec;
import io.kubenode.controller.compiler.CatalogDraft;
import io.kubenode.controller.compiler.NodeContext;
import io.kubenode.controller.compiler.NodeModelBuilder;

/**
 * The kubeadm configuration file this node will run kubeadm with: init on the init node, control-plane join on
 * the other control planes, worker join elsewhere.
 *
 * <p>A join configuration holds no secret: a joining node discovers the cluster through
 * {@link KubeadmDocuments#DISCOVERY_KUBECONFIG}, which {@link OrchestrationBuilder} delivers with the bootstrap token
 * and CA. The init configuration becomes a secret once the orchestrator puts the first bootstrap token in it
 * ({@code Released.initToken}).
 */
public final class KubeadmConfigBuilder implements NodeModelBuilder {
    public static final String CONFIG_FILE = "/etc/kubenode/kubeadm/config.yaml";

    @Override
    public void build(NodeContext node, CatalogDraft catalog) {
        if (!node.isInitNode()) {
            catalog.add(FileSpec.rootOwned(CONFIG_FILE, KubeadmDocuments.join(node), "0600"));
            return;
        }
        String tokenId = node.released().initToken();
        if (tokenId == null) {
            catalog.add(FileSpec.rootOwned(CONFIG_FILE, KubeadmDocuments.init(node, null), "0600"));
            return;
        }
        String token = node.orchestration().secrets().requireToken(tokenId, "the init configuration of "
                + node.node().name());
        catalog.add(FileSpec.rootOwnedSecret(CONFIG_FILE, KubeadmDocuments.init(node, token), "0600"));
    }
}
