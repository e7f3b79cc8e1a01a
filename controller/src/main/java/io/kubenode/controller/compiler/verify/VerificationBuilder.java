package io.kubenode.controller.compiler.verify;

import io.kubenode.common.catalog.ProbeSpec;
import io.kubenode.common.cluster.ControlPlaneEndpoint;
import io.kubenode.controller.compiler.CatalogDraft;
import io.kubenode.controller.compiler.NodeContext;
import io.kubenode.controller.compiler.NodeModelBuilder;

/**
 * Read-only probes that report whether the cluster answers, in place of the seed's checks by eye: this control
 * plane's apiserver, and the HA endpoint as every node sees it. Both verify the cluster CA; both are "not ready"
 * until kubeadm has run.
 */
public final class VerificationBuilder implements NodeModelBuilder {
    static final String CLUSTER_CA = "/etc/kubernetes/pki/ca.crt";

    @Override
    public void build(NodeContext node, CatalogDraft catalog) {
        if (node.isControlPlane()) {
            catalog.add(new ProbeSpec("apiserver", ProbeSpec.HTTPS,
                    "https://" + node.node().name() + ":" + node.apiServerPort() + "/healthz", CLUSTER_CA, 5));
        }
        ControlPlaneEndpoint endpoint = node.spec().controlPlaneEndpoint();
        catalog.add(new ProbeSpec("control-plane-endpoint", ProbeSpec.HTTPS,
                "https://" + endpoint.host() + ":" + endpoint.port() + "/healthz", CLUSTER_CA, 5));
    }
}
