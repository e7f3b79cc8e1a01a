package io.kubenode.agent.kubeadm.simulator;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a simulated node lives: every host path resolves under {@code KUBENODE_SANDBOX_ROOT} (default {@code /}),
 * "localhost" of the node is {@code KUBENODE_SANDBOX_LOOPBACK} (default 127.0.0.1), and the cluster's shared state
 * (standing in for etcd) is the directory {@code KUBEADM_SIMULATOR_CLUSTER}. With {@code KUBEADM_SIMULATOR_ETCD=real}
 * control planes also run a real etcd member each ({@link EtcdMember}); without it none runs, as before. With
 * {@code KUBEADM_SIMULATOR_SYSTEMD=true} every node is a host of its own with systemd (the five-host system test's
 * containers): the node daemon is the kubelet.service unit kubeadm restarts, etcd runs in a scope unit of its own
 * (as a static pod runs outside the kubelet's and the agent's cgroups), and a node is Ready while its kubelet renews
 * its lease in the shared cluster directory, since no host can see another's processes.
 */
record SimulatorEnv(Path root, String loopback, Path clusterDir, boolean realEtcd, boolean systemd) {
    static final String ROOT = "KUBENODE_SANDBOX_ROOT";
    static final String LOOPBACK = "KUBENODE_SANDBOX_LOOPBACK";
    static final String CLUSTER = "KUBEADM_SIMULATOR_CLUSTER";
    static final String ETCD = "KUBEADM_SIMULATOR_ETCD";
    static final String SYSTEMD = "KUBEADM_SIMULATOR_SYSTEMD";
    static final String STATE_DIR = "/var/lib/kubeadm-simulator";

    SimulatorEnv(Path root, String loopback, Path clusterDir) {
        this(root, loopback, clusterDir, false, false);
    }

    SimulatorEnv(Path root, String loopback, Path clusterDir, boolean realEtcd) {
        this(root, loopback, clusterDir, realEtcd, false);
    }

    static SimulatorEnv from(Map<String, String> environment) {
        String root = environment.getOrDefault(ROOT, "/");
        String loopback = environment.getOrDefault(LOOPBACK, "127.0.0.1");
        String cluster = environment.get(CLUSTER);
        if (cluster == null || cluster.isBlank()) {
            throw new SimulatorFailure(CLUSTER + " is not set: the kubeadm simulator needs the cluster's shared "
                    + "directory (it stands in for etcd)", 2);
        }
        return new SimulatorEnv(Path.of(root.isBlank() ? "/" : root).toAbsolutePath().normalize(),
                loopback.isBlank() ? "127.0.0.1" : loopback, Path.of(cluster).toAbsolutePath().normalize(),
                "real".equals(environment.get(ETCD)), "true".equals(environment.get(SYSTEMD)));
    }

    /** A host path ("/etc/kubernetes/admin.conf") on this node. */
    Path host(String hostPath) {
        if (!hostPath.startsWith("/")) {
            throw new SimulatorFailure("expected an absolute path, got " + hostPath);
        }
        Path resolved = root.resolve(hostPath.substring(1)).normalize();
        if (!resolved.startsWith(root)) {
            throw new SimulatorFailure(hostPath + " leaves the sandbox root " + root);
        }
        return resolved;
    }

    /** What the cluster directory records as the node's root: none when it is a host of its own (systemd). */
    String registeredRoot() {
        return systemd ? null : root.toString();
    }

    Path stateDir() {
        return host(STATE_DIR);
    }

    Path pidFile() {
        return host(STATE_DIR + "/daemon.pid");
    }
}
