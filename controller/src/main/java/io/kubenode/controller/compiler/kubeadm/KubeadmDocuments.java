package io.kubenode.controller.compiler.kubeadm;

import io.kubenode.common.cluster.ControlPlaneEndpoint;
import io.kubenode.common.cluster.KubernetesSpec;
import io.kubenode.common.document.Documents;
import io.kubenode.controller.compiler.ManagedHeader;
import io.kubenode.controller.compiler.NodeContext;
import io.kubenode.controller.compiler.runtime.ContainerRuntimeBuilder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** kubeadm v1beta4 documents (Init/Cluster/Join configuration) and the KubeletConfiguration, as YAML. */
final class KubeadmDocuments {
    static final String KUBEADM_API = "kubeadm.k8s.io/v1beta4";
    static final String KUBELET_API = "kubelet.config.k8s.io/v1beta1";
    static final String CRI_SOCKET = "unix://" + ContainerRuntimeBuilder.SOCKET;
    static final String DISCOVERY_KUBECONFIG = "/etc/kubenode/kubeadm/discovery.conf";

    private KubeadmDocuments() {
    }

    static String init(NodeContext node) {
        return ManagedHeader.line("#", "the Cluster document (kubeadm init)")
                + Documents.toYamlInInsertionOrder(map(
                        "apiVersion", KUBEADM_API,
                        "kind", "InitConfiguration",
                        "localAPIEndpoint", localApiEndpoint(node),
                        "nodeRegistration", nodeRegistration(node)))
                + Documents.toYamlInInsertionOrder(clusterConfiguration(node))
                + Documents.toYamlInInsertionOrder(map(
                        "apiVersion", KUBELET_API,
                        "kind", "KubeletConfiguration",
                        "cgroupDriver", cgroupDriver(node)));
    }

    static String join(NodeContext node) {
        Map<String, Object> join = map(
                "apiVersion", KUBEADM_API,
                "kind", "JoinConfiguration",
                "nodeRegistration", nodeRegistration(node),
                "discovery", map("file", map("kubeConfigPath", DISCOVERY_KUBECONFIG)));
        if (node.isControlPlane()) {
            join.put("controlPlane", map("localAPIEndpoint", localApiEndpoint(node)));
        }
        return ManagedHeader.line("#", "the Cluster document (kubeadm join)") + Documents.toYamlInInsertionOrder(join);
    }

    private static Map<String, Object> clusterConfiguration(NodeContext node) {
        KubernetesSpec kubernetes = node.spec().kubernetes();
        ControlPlaneEndpoint endpoint = node.spec().controlPlaneEndpoint();
        Map<String, Object> networking = new LinkedHashMap<>();
        if (kubernetes.podSubnet() != null) {
            networking.put("podSubnet", kubernetes.podSubnet());
        }
        if (kubernetes.serviceSubnet() != null) {
            networking.put("serviceSubnet", kubernetes.serviceSubnet());
        }
        return map(
                "apiVersion", KUBEADM_API,
                "kind", "ClusterConfiguration",
                "clusterName", node.clusterName(),
                "kubernetesVersion", "v" + node.kubernetesPackageVersion(),
                "controlPlaneEndpoint", endpoint.host() + ":" + endpoint.port(),
                "networking", networking,
                "apiServer", map("certSANs", List.of(endpoint.host(), endpoint.address())));
    }

    private static Map<String, Object> localApiEndpoint(NodeContext node) {
        return map(
                "advertiseAddress", node.node().address(),
                "bindPort", node.apiServerPort());
    }

    /** node-ip pins the kubelet to the cluster network when a host has several interfaces (the seed's eth1). */
    private static Map<String, Object> nodeRegistration(NodeContext node) {
        return map(
                "name", node.node().name(),
                "criSocket", CRI_SOCKET,
                "kubeletExtraArgs", List.of(map("name", "node-ip", "value", node.node().address())));
    }

    private static String cgroupDriver(NodeContext node) {
        boolean systemd = node.spec().containerRuntime() == null
                || node.spec().containerRuntime().containerd() == null
                || node.spec().containerRuntime().containerd().usesSystemdCgroup();
        return systemd ? "systemd" : "cgroupfs";
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
