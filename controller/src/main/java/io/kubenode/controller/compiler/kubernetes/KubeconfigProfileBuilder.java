package io.kubenode.controller.compiler.kubernetes;

import io.kubenode.common.catalog.FileSpec;
import io.kubenode.controller.compiler.CatalogDraft;
import io.kubenode.controller.compiler.ManagedHeader;
import io.kubenode.controller.compiler.NodeContext;
import io.kubenode.controller.compiler.NodeModelBuilder;

/**
 * root's KUBECONFIG on control-plane nodes, as a profile.d snippet (the seed overwrote /etc/environment whole).
 */
public final class KubeconfigProfileBuilder implements NodeModelBuilder {
    public static final String PROFILE_FILE = "/etc/profile.d/kubenode-kubeconfig.sh";
    public static final String ADMIN_KUBECONFIG = "/etc/kubernetes/admin.conf";

    @Override
    public void build(NodeContext node, CatalogDraft catalog) {
        if (!node.isControlPlane()) {
            return;
        }
        catalog.add(FileSpec.rootOwned(PROFILE_FILE, ManagedHeader.line("#", "the node's control-plane role") + """
                if [ "$(id -u)" -eq 0 ]; then
                    export KUBECONFIG=%s
                fi
                """.formatted(ADMIN_KUBECONFIG), "0644"));
    }
}
