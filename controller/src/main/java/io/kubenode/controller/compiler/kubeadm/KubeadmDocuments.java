package io.kubenode.controller.compiler.kubeadm;

import io.kubenode.common.cluster.ControlPlaneEndpoint;
import io.kubenode.common.cluster.KubernetesSpec;
import io.kubenode.common.document.Documents;
import io.kubenode.controller.compiler.ManagedHeader;
import io.kubenode.controller.compiler.NodeContext;
import io.kubenode.controller.compiler.runtime.ContainerRuntimeBuilder;

import java.util.Base64;
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

    /**
     * The init node's configuration. {@code bootstrapToken} ({@code ID.SECRET}, or null): the first join token,
     * created by kubeadm init itself so the first joins need no separate step; it makes the file a secret.
     */
    static String init(NodeContext node, String bootstrapToken) {
        Map<String, Object> init = map(
                "apiVersion", KUBEADM_API,
                "kind", "InitConfiguration");
        if (bootstrapToken != null) {
            init.put("bootstrapTokens", List.of(bootstrapToken(bootstrapToken, tokenTtlSeconds(node))));
        }
        init.put("localAPIEndpoint", localApiEndpoint(node));
        init.put("nodeRegistration", nodeRegistration(node));
        return ManagedHeader.line("#", "the Cluster document (kubeadm init)")
                + Documents.toYamlInInsertionOrder(init)
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

    /**
     * What {@code kubeadm token create --config} reads on the token holder: an InitConfiguration whose only
     * bootstrap token is {@code token} with the cluster's ttl, so the secret is never in an argv.
     */
    static String tokenConfig(NodeContext node, String token) {
        return ManagedHeader.line("#", "the orchestrator's bootstrap token (kubeadm token create)")
                + Documents.toYamlInInsertionOrder(map(
                        "apiVersion", KUBEADM_API,
                        "kind", "InitConfiguration",
                        "bootstrapTokens", List.of(bootstrapToken(token, tokenTtlSeconds(node)))));
    }

    /**
     * The kubeconfig a joining node discovers the cluster with (kubeadm's file discovery): the endpoint, the cluster
     * CA it must verify the apiserver against, and the bootstrap token as the user.
     */
    static String discovery(NodeContext node, byte[] clusterCaPem, String token) {
        ControlPlaneEndpoint endpoint = node.spec().controlPlaneEndpoint();
        String cluster = node.clusterName();
        String user = "tls-bootstrap-token-user";
        String context = user + "@" + cluster;
        return ManagedHeader.line("#", "the orchestrator (kubeadm join discovery)")
                + Documents.toYamlInInsertionOrder(map(
                        "apiVersion", "v1",
                        "kind", "Config",
                        "clusters", List.of(map("name", cluster, "cluster", map(
                                "server", "https://" + endpoint.host() + ":" + endpoint.port(),
                                "certificate-authority-data", Base64.getEncoder().encodeToString(clusterCaPem)))),
                        "users", List.of(map("name", user, "user", map("token", token))),
                        "contexts", List.of(map("name", context, "context", map("cluster", cluster, "user", user))),
                        "current-context", context));
    }

    private static Map<String, Object> bootstrapToken(String token, int ttlSeconds) {
        return map(
                "token", token,
                "ttl", ttlSeconds + "s",
                "usages", List.of("signing", "authentication"),
                "groups", List.of("system:bootstrappers:kubeadm:default-node-token"));
    }

    private static int tokenTtlSeconds(NodeContext node) {
        return node.spec().orchestrationOrDefaults().tokenTtlSecondsOrDefault();
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
