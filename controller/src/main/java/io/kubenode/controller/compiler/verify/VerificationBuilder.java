package io.kubenode.controller.compiler.verify;

import io.kubenode.common.catalog.KubeadmSpec;
import io.kubenode.common.catalog.ProbeSpec;
import io.kubenode.common.cluster.ControlPlaneEndpoint;
import io.kubenode.controller.compiler.CatalogDraft;
import io.kubenode.controller.compiler.NodeContext;
import io.kubenode.controller.compiler.NodeModelBuilder;
import io.kubenode.controller.compiler.loadbalancer.LoadBalancerBuilder;
import io.kubenode.controller.orchestration.Released;

/**
 * Read-only probes that report whether the cluster answers, in place of the seed's checks by eye: this control
 * plane's apiserver, the node's haproxy seeing that apiserver up (so a haproxy restarted by a rollout counts as
 * healthy only once it checked its backend for real), and the HA endpoint as this node sees it. The https probes
 * verify the cluster CA. All answer only after kubeadm ran, so they come with the orchestrator's release: the
 * apiserver and haproxy probes with a control plane's init or join step, the endpoint probe when {@code Released.endpointProbe} says so (a probe that cannot answer yet would only
 * keep the node from converging).
 */
public final class VerificationBuilder implements NodeModelBuilder {
    static final String CLUSTER_CA = "/etc/kubernetes/pki/ca.crt";
    static final String HAPROXY_PROBE = "haproxy-apiserver";

    @Override
    public void build(NodeContext node, CatalogDraft catalog) {
        Released released = node.released();
        boolean joining = released.kubeadm() != null && !released.kubeadm().action().equals(KubeadmSpec.RESET);
        if (node.isControlPlane() && joining) {
            catalog.add(new ProbeSpec("apiserver", ProbeSpec.HTTPS,
                    "https://" + node.node().name() + ":" + node.apiServerPort() + "/healthz", CLUSTER_CA, 5));
            if (node.spec().loadBalancer() != null) {
                catalog.add(ProbeSpec.haproxyServer(HAPROXY_PROBE, LoadBalancerBuilder.HAPROXY_STATS_SOCKET,
                        LoadBalancerBuilder.HAPROXY_BACKEND, node.node().name(), 5),
                        catalog.present(LoadBalancerBuilder.HAPROXY_SERVICE));
            }
        }
        if (!released.endpointProbe()) {
            return;
        }
        ControlPlaneEndpoint endpoint = node.spec().controlPlaneEndpoint();
        catalog.add(new ProbeSpec("control-plane-endpoint", ProbeSpec.HTTPS,
                "https://" + endpoint.host() + ":" + endpoint.port() + "/healthz", CLUSTER_CA, 5));
    }
}
