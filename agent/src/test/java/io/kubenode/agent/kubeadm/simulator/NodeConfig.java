package io.kubenode.agent.kubeadm.simulator;

import java.time.Duration;
import java.util.List;

/**
 * What the simulator needs from a kubeadm init or join configuration file, after strict decoding
 * ({@code nodeIp}: the kubelet's node-ip extra argument, the node's InternalIP; null when not set).
 */
record NodeConfig(boolean join, String nodeName, String criSocket, List<String> ignorePreflightErrors,
                  String advertiseAddress, int bindPort, boolean controlPlane, ClusterSettings cluster,
                  List<BootstrapTokenSpec> bootstrapTokens, String discoveryFile, String tlsBootstrapToken,
                  Duration discoveryTimeout, String nodeIp) {

    /** The ClusterConfiguration part kubeadm init stores in the cluster (the kubeadm-config ConfigMap). */
    record ClusterSettings(String clusterName, String kubernetesVersion, String controlPlaneEndpoint,
                           List<String> certSANs, String serviceSubnet, String podSubnet) {
        String endpointHost() {
            return controlPlaneEndpoint == null ? null : HostPort.parse(controlPlaneEndpoint, 6443).host();
        }
    }
}
