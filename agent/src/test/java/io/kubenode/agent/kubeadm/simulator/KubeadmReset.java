package io.kubenode.agent.kubeadm.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code kubeadm reset --force}: removes a control plane's etcd member when real members run ({@link EtcdMembership}),
 * stops its etcd and the node's daemon by their pids, deletes what init/join wrote (kubeconfigs, the
 * contents of /etc/kubernetes/manifests, /var/lib/kubelet and /etc/kubernetes/pki, as kubeadm does) and removes the
 * node from the cluster directory.
 */
final class KubeadmReset {
    private static final List<String> KUBECONFIGS = List.of(Kubeconfigs.ADMIN, Kubeconfigs.SUPER_ADMIN,
            Kubeconfigs.KUBELET, "/etc/kubernetes/bootstrap-kubelet.conf", Kubeconfigs.CONTROLLER_MANAGER,
            Kubeconfigs.SCHEDULER);
    private static final List<String> DIRECTORIES = List.of(StaticPods.DIR, "/var/lib/kubelet", NodePki.PKI,
            "/var/lib/etcd");

    private final SimulatorEnv env;
    private final ClusterStore store;
    private final PrintStream out;

    KubeadmReset(SimulatorEnv env, PrintStream out) {
        this.env = env;
        this.store = new ClusterStore(env.clusterDir());
        this.out = out;
    }

    void run() {
        String node = NodeState.read(env).map(NodeState::name).orElseGet(this::hostname);
        Events.around(store, node, "reset", () -> reset(node));
    }

    private void reset(String node) {
        String fault = Faults.delayOrFailure(store, node, "reset");
        if (fault != null) {
            throw new SimulatorFailure("error execution phase cleanup-node: " + fault);
        }
        out.println("[preflight] Running pre-flight checks");
        // kubeadm removes the member before the kubelet stops: a running member may be the one that answers
        Optional<NodeState> state = NodeState.read(env).filter(NodeState::controlPlane);
        if (env.realEtcd() && state.isPresent()) {
            new EtcdMembership(env, store, out).leave(node, state.get().advertiseAddress());
        } else if (EtcdMember.stop(env)) {
            out.println("[reset] Stopped etcd");
        }
        if (DaemonProcess.stop(env)) {
            out.println("[reset] Stopped the kubelet and the control plane (simulator daemon)");
        }
        store.locked(() -> {
            store.removeNode(node);
            return null;
        });
        out.println("[reset] Deleting contents of directories: " + DIRECTORIES);
        for (String directory : DIRECTORIES) {
            deleteContents(env.host(directory));
        }
        out.println("[reset] Deleting files: " + KUBECONFIGS);
        try {
            for (String file : KUBECONFIGS) {
                Files.deleteIfExists(env.host(file));
            }
            Files.deleteIfExists(env.host(NodeState.FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String hostname() {
        try {
            Path file = env.host("/etc/hostname");
            return Files.isRegularFile(file) ? Files.readString(file).strip() : "";
        } catch (IOException e) {
            return "";
        }
    }

    static void deleteContents(Path directory) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(directory)) {
                    Files.delete(path);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + directory, e);
        }
    }
}
