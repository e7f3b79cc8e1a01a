package io.kubenode.controller.compiler.departure;

import io.kubenode.common.catalog.ClusterNodeSpec;
import io.kubenode.common.catalog.DrainSpec;
import io.kubenode.common.catalog.EtcdMemberSpec;
import io.kubenode.common.catalog.KubeadmSpec;
import io.kubenode.common.cluster.NodeSpec;
import io.kubenode.controller.compiler.CatalogDraft;
import io.kubenode.controller.compiler.NodeContext;
import io.kubenode.controller.compiler.NodeModelBuilder;
import io.kubenode.controller.compiler.kubeadm.OrchestrationBuilder;
import io.kubenode.controller.orchestration.Departure;

/**
 * What a control plane does for nodes leaving the cluster (day-2 removal), one resource per departure at its current
 * step: drain it, remove its etcd member through this control plane's own etcd (kubeadm's healthcheck-client
 * certificate, the etcd CA), or delete its Node object. The departing node's own part (kubeadm reset, keepalived
 * and haproxy stopped) comes from the other builders seeing {@code leaving}.
 */
public final class DepartureBuilder implements NodeModelBuilder {
    public static final String ETCD_CA = "/etc/kubernetes/pki/etcd/ca.crt";
    public static final String ETCD_CLIENT_CERT = "/etc/kubernetes/pki/etcd/healthcheck-client.crt";
    public static final String ETCD_CLIENT_KEY = "/etc/kubernetes/pki/etcd/healthcheck-client.key";
    static final int ETCD_CLIENT_PORT = 2379;
    static final int ETCD_PEER_PORT = 2380;

    @Override
    public void build(NodeContext node, CatalogDraft catalog) {
        for (Departure departure : node.orchestration().departures()) {
            if (!node.isControlPlane()) {
                throw new IllegalStateException("the departure of " + departure.name() + " is given to "
                        + node.node().name() + ", which is not a control plane");
            }
            NodeSpec leaving = departure.node();
            String kubeadm = "kubeadm:" + KubeadmSpec.NODE;
            switch (departure.step()) {
                case Draining -> catalog.add(new DrainSpec(leaving.name(), true, OrchestrationBuilder.ADMIN_KUBECONFIG,
                        OrchestrationBuilder.drainTimeoutSeconds(node)), catalog.present(kubeadm));
                case RemovingMember -> catalog.add(new EtcdMemberSpec(leaving.name(),
                        url(leaving.address(), ETCD_PEER_PORT), url(node.node().address(), ETCD_CLIENT_PORT), ETCD_CA,
                        ETCD_CLIENT_CERT, ETCD_CLIENT_KEY, EtcdMemberSpec.ABSENT), catalog.present(kubeadm));
                case DeletingNode -> catalog.add(new ClusterNodeSpec(leaving.name(),
                        OrchestrationBuilder.ADMIN_KUBECONFIG, ClusterNodeSpec.ABSENT), catalog.present(kubeadm));
                case Resetting -> {
                    // the departing node's own step
                }
            }
        }
    }

    private static String url(String address, int port) {
        return "https://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
    }
}
