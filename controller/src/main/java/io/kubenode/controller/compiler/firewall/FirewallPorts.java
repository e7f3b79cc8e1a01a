package io.kubenode.controller.compiler.firewall;

import io.kubenode.common.catalog.FirewallSpec.ProtocolFromSources;
import io.kubenode.common.cluster.ClusterSpec;
import io.kubenode.common.cluster.HostSpec;
import io.kubenode.common.cluster.LoadBalancerSpec;
import io.kubenode.common.cluster.NetworkSpec;
import io.kubenode.common.cluster.NodeSpec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a node's firewall must let in, by role: the one place that knows it, read by the compiler (to open it) and by
 * the orchestration's preflight (to find it closed when the firewall is not ours). Pure functions of the document.
 *
 * <p>The ports are those of kubeadm's "Ports and Protocols" reference, with the ports this cluster moves or adds:
 * the apiserver's port is the document's (haproxy's backend), haproxy's frontend and VRRP come with the load
 * balancer, flannel's VXLAN with flannel. Nothing else: a person adds their own with {@code extraPorts}.
 */
public final class FirewallPorts {
    /** etcd's client (2379) and peer (2380) ports: the apiservers and the other etcd members. */
    public static final String ETCD = "2379-2380/tcp";
    /** The kubelet's API: the control plane reaches every node's kubelet (logs, exec, metrics). */
    public static final String KUBELET = "10250/tcp";
    /** kube-scheduler's secure port (listed by kubeadm's reference for control planes). */
    public static final String KUBE_SCHEDULER = "10259/tcp";
    /** kube-controller-manager's secure port (listed by kubeadm's reference for control planes). */
    public static final String KUBE_CONTROLLER_MANAGER = "10257/tcp";
    /** kube-proxy's health check port, which external load balancers probe (kubeadm's reference: worker nodes). */
    public static final String KUBE_PROXY_HEALTH = "10256/tcp";
    /** The default NodePort Service range (kube-apiserver's --service-node-port-range), TCP as the reference lists. */
    public static final String NODE_PORTS = "30000-32767/tcp";
    /** flannel's VXLAN backend: the Linux kernel's default VXLAN port, which flannel keeps unless told otherwise. */
    public static final String FLANNEL_VXLAN = "8472/udp";
    /** VRRP is IP protocol 112, not a port; firewalld knows it by this name. */
    public static final String VRRP = "vrrp";

    private FirewallPorts() {
    }

    /** What Kubernetes and this cluster's own parts need on {@code node}, in a fixed order. */
    public static List<String> required(ClusterSpec spec, NodeSpec node) {
        Set<String> ports = new LinkedHashSet<>();
        if (node.isControlPlane()) {
            ports.add(tcp(apiServerPort(spec)));
            if (spec.loadBalancer() != null && spec.controlPlaneEndpoint() != null
                    && spec.controlPlaneEndpoint().port() != null) {
                // haproxy listens on every control plane; the virtual IP moves between them.
                ports.add(tcp(spec.controlPlaneEndpoint().port()));
            }
            ports.add(ETCD);
            ports.add(KUBELET);
            ports.add(KUBE_SCHEDULER);
            ports.add(KUBE_CONTROLLER_MANAGER);
        } else {
            ports.add(KUBELET);
            ports.add(KUBE_PROXY_HEALTH);
            if (host(spec).nodePortsOrDefault()) {
                ports.add(NODE_PORTS);
            }
        }
        if (spec.network() != null && NetworkSpec.FLANNEL.equals(spec.network().plugin())) {
            ports.add(FLANNEL_VXLAN);
        }
        return List.copyOf(ports);
    }

    /** {@link #required} plus the person's own ports: the cluster's extraPorts, then the node's; each once. */
    public static List<String> toOpen(ClusterSpec spec, NodeSpec node) {
        Set<String> ports = new LinkedHashSet<>(required(spec, node));
        if (host(spec).extraPorts() != null) {
            ports.addAll(host(spec).extraPorts());
        }
        if (node.extraPorts() != null) {
            ports.addAll(node.extraPorts());
        }
        return List.copyOf(ports);
    }

    /**
     * VRRP from each other control plane, when keepalived runs (it comes with spec.loadBalancer): keepalived sends
     * its adverts unicast to the peers, so accepting them only from the peers' addresses is enough. Empty on a
     * worker and on a single control plane (no peer to hear from).
     */
    public static List<ProtocolFromSources> protocolSources(ClusterSpec spec, NodeSpec node) {
        if (!node.isControlPlane() || spec.loadBalancer() == null) {
            return List.of();
        }
        List<String> peers = new ArrayList<>();
        for (NodeSpec other : spec.nodesOrEmpty()) {
            if (other.isControlPlane() && !other.name().equals(node.name())) {
                peers.add(other.address());
            }
        }
        return peers.isEmpty() ? List.of() : List.of(new ProtocolFromSources(VRRP, List.copyOf(peers)));
    }

    /** kube-apiserver's port: haproxy's backend port, 6443 unless the document moves it. */
    public static int apiServerPort(ClusterSpec spec) {
        return spec.loadBalancer() == null ? LoadBalancerSpec.DEFAULT_API_SERVER_PORT
                : spec.loadBalancer().apiServerPort();
    }

    private static HostSpec host(ClusterSpec spec) {
        return spec.host() != null ? spec.host() : new HostSpec(null, null, null, null, null, null, null, null, null);
    }

    private static String tcp(int port) {
        return port + "/tcp";
    }
}
