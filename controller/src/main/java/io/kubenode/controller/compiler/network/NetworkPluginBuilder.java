package io.kubenode.controller.compiler.network;

import io.kubenode.common.catalog.ArchiveSpec;
import io.kubenode.common.cluster.NetworkSpec;
import io.kubenode.controller.compiler.CatalogDraft;
import io.kubenode.controller.compiler.NodeContext;
import io.kubenode.controller.compiler.NodeModelBuilder;

/**
 * The CNI manifest, pinned by sha256, downloaded to the init node, which applies it once the control plane is up
 * (the apply is an orchestration step). The seed applied flannel from a master branch.
 */
public final class NetworkPluginBuilder implements NodeModelBuilder {
    public static final String MANIFEST_DIR = "/etc/kubenode/manifests/";

    @Override
    public void build(NodeContext node, CatalogDraft catalog) {
        NetworkSpec network = node.spec().network();
        if (network == null || !node.isInitNode()) {
            return;
        }
        String path = MANIFEST_DIR + "kube-" + network.plugin() + ".yml";
        catalog.add(new ArchiveSpec(network.plugin() + "-manifest", null, network.manifest().url(),
                network.manifest().sha256(), ArchiveSpec.FILE, path, "0644", path, network.manifest().size()));
    }
}
