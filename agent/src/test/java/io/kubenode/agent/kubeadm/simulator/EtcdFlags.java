package io.kubenode.agent.kubeadm.simulator;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The flags kubeadm puts in the etcd static pod's command, for one member. The client URL is only the node's own
 * address: kubeadm also listens on https://127.0.0.1:2379, but the simulated nodes share this machine's loopback,
 * so every node would claim the same port there.
 *
 * @param initialCluster {@code name=https://address:2380,...}: this member alone on init, what {@code member add}
 *                       returned on a control-plane join
 * @param state          "new" on init, "existing" on join
 */
record EtcdFlags(String nodeName, String address, String initialCluster, String state) {
    static final String DATA_DIR = "/var/lib/etcd";
    static final int CLIENT_PORT = 2379;
    static final int PEER_PORT = 2380;

    static EtcdFlags first(String nodeName, String address) {
        return new EtcdFlags(nodeName, address, nodeName + "=" + peerUrl(address), "new");
    }

    static String clientUrl(String address) {
        return "https://" + new HostPort(address, CLIENT_PORT);
    }

    static String peerUrl(String address) {
        return "https://" + new HostPort(address, PEER_PORT);
    }

    /** The flags with each host path passed through {@code path}: as written in the manifest, or under a root. */
    List<String> render(UnaryOperator<String> path) {
        return List.of("--name=" + nodeName,
                "--data-dir=" + path.apply(DATA_DIR),
                "--advertise-client-urls=" + clientUrl(address),
                "--listen-client-urls=" + clientUrl(address),
                "--initial-advertise-peer-urls=" + peerUrl(address),
                "--listen-peer-urls=" + peerUrl(address),
                "--initial-cluster=" + initialCluster,
                "--initial-cluster-state=" + state,
                "--client-cert-auth=true",
                "--trusted-ca-file=" + path.apply(EtcdCertificates.CA),
                "--cert-file=" + path.apply(EtcdCertificates.SERVER + ".crt"),
                "--key-file=" + path.apply(EtcdCertificates.SERVER + ".key"),
                "--peer-client-cert-auth=true",
                "--peer-trusted-ca-file=" + path.apply(EtcdCertificates.CA),
                "--peer-cert-file=" + path.apply(EtcdCertificates.PEER + ".crt"),
                "--peer-key-file=" + path.apply(EtcdCertificates.PEER + ".key"),
                "--snapshot-count=10000",
                "--experimental-initial-corrupt-check=true");
    }

    /**
     * The flags back from an etcd static pod manifest {@link StaticPods} wrote (what a kubelet starting the pod
     * reads); empty when the manifest has no etcd command with them (a member without real etcd).
     */
    static Optional<EtcdFlags> fromManifest(String manifest) {
        Map<String, String> flags = new HashMap<>();
        for (String line : manifest.lines().toList()) {
            String item = line.strip();
            if (item.startsWith("- --") && item.contains("=")) {
                String flag = item.substring(4);
                flags.put(flag.substring(0, flag.indexOf('=')), flag.substring(flag.indexOf('=') + 1));
            }
        }
        String name = flags.get("name");
        String peer = flags.get("initial-advertise-peer-urls");
        String cluster = flags.get("initial-cluster");
        String state = flags.get("initial-cluster-state");
        String prefix = "https://";
        if (name == null || peer == null || cluster == null || state == null || !peer.startsWith(prefix)) {
            return Optional.empty();
        }
        HostPort address = HostPort.ofUrl(peer);
        return Optional.of(new EtcdFlags(name, address.host(), cluster, state));
    }

    /** The static pod's command block, as {@link StaticPods} writes it. */
    String manifestCommand() {
        StringBuilder command = new StringBuilder("    - etcd\n");
        render(UnaryOperator.identity()).forEach(flag -> command.append("    - ").append(flag).append('\n'));
        return command.toString();
    }
}
