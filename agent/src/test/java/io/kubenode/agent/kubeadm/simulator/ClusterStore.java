package io.kubenode.agent.kubeadm.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The cluster directory shared by every simulated node ({@code KUBEADM_SIMULATOR_CLUSTER}), standing in for etcd:
 * registered nodes, bootstrap tokens, the ClusterConfiguration init stored, applied manifests, cordoned nodes, the pods
 * on each node, faults and the clock offset. Changes happen under an exclusive file lock, files are replaced atomically.
 */
final class ClusterStore {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Object IN_THIS_JVM = new Object();

    /** A registered node; {@code root} is its sandbox root, where its daemon's pid file tells whether it runs. */
    record Node(String name, String address, String role, String apiServer, String root) {
    }

    record Token(String id, String secret, String description, String expires, List<String> usages,
                 List<String> groups) {
        Optional<Instant> expiresAt() {
            return expires == null ? Optional.empty() : Optional.of(Instant.parse(expires));
        }
    }

    private final Path dir;

    ClusterStore(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** Wall clock plus {@code clock-offset-seconds} (absent = 0): the tests move time forward with it. */
    Instant now() {
        Path offset = dir.resolve("clock-offset-seconds");
        long seconds = 0;
        if (Files.isRegularFile(offset)) {
            String text = read(offset).strip();
            try {
                seconds = text.isEmpty() ? 0 : Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new SimulatorFailure(offset + " holds \"" + text + "\", expected whole seconds");
            }
        }
        return Instant.now().plusSeconds(seconds);
    }

    /**
     * Runs {@code action} holding the cluster's lock (one simulated etcd transaction). The file lock excludes other
     * processes; the JVM-wide monitor excludes this JVM's other threads, which a file lock would not (it throws
     * OverlappingFileLockException instead).
     */
    <T> T locked(Supplier<T> action) {
        synchronized (IN_THIS_JVM) {
            return lockedAcrossProcesses(action);
        }
    }

    private <T> T lockedAcrossProcesses(Supplier<T> action) {
        try {
            Files.createDirectories(dir);
            try (FileChannel channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
                return action.get();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + dir, e);
        }
    }

    void putNode(Node node) {
        write(dir.resolve("nodes/" + node.name() + ".json"), json(node));
    }

    void removeNode(String name) {
        delete(dir.resolve("nodes/" + name + ".json"));
    }

    /** {@code kubectl delete node}: the node's record, its pods and its cordon. */
    void forgetNode(String name) {
        removeNode(name);
        delete(dir.resolve("pods/" + name + ".json"));
        setCordoned(name, false);
    }

    List<Node> nodes() {
        return list("nodes", ".json").stream().map(file -> parse(file, Node.class)).toList();
    }

    void putToken(Token token) {
        write(dir.resolve("tokens/" + token.id() + ".json"), json(token));
    }

    Optional<Token> token(String id) {
        Path file = dir.resolve("tokens/" + id + ".json");
        return Files.isRegularFile(file) ? Optional.of(parse(file, Token.class)) : Optional.empty();
    }

    boolean deleteToken(String id) {
        return delete(dir.resolve("tokens/" + id + ".json"));
    }

    List<Token> tokens() {
        return list("tokens", ".json").stream().map(file -> parse(file, Token.class)).toList();
    }

    void putClusterSettings(NodeConfig.ClusterSettings settings) {
        write(dir.resolve("cluster-configuration.json"), json(settings));
    }

    Optional<NodeConfig.ClusterSettings> clusterSettings() {
        Path file = dir.resolve("cluster-configuration.json");
        return Files.isRegularFile(file) ? Optional.of(parse(file, NodeConfig.ClusterSettings.class))
                : Optional.empty();
    }

    boolean applied(String sha256) {
        return Files.isRegularFile(dir.resolve("applied/" + sha256 + ".yaml"));
    }

    void putApplied(String sha256, byte[] content) {
        write(dir.resolve("applied/" + sha256 + ".yaml"), content);
    }

    /**
     * A pod on a node, as much of it as drain looks at: {@code owner} the kind of its controller (null: none),
     * {@code mirror} a static pod's mirror, {@code emptyDir} local storage, {@code phase} Running, Succeeded, ...
     */
    record Pod(String namespace, String name, String owner, boolean mirror, boolean emptyDir, String phase) {
    }

    /** What a kubeadm node runs without a pods file: kube-proxy, a DaemonSet pod drain leaves in place. */
    static List<Pod> defaultPods(String node) {
        return List.of(new Pod("kube-system", "kube-proxy-" + Integer.toHexString(node.hashCode() & 0xfffff),
                "DaemonSet", false, false, "Running"));
    }

    /** {@code pods/<node>.json} (the tests write it to seed a node's workload), or {@link #defaultPods}. */
    List<Pod> pods(String node) {
        Path file = dir.resolve("pods/" + node + ".json");
        if (!Files.isRegularFile(file)) {
            return defaultPods(node);
        }
        try {
            return List.of(JSON.readValue(file.toFile(), Pod[].class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    void putPods(String node, List<Pod> pods) {
        write(dir.resolve("pods/" + node + ".json"), json(pods));
    }

    /** {@code cordoned/<node>} exists while the node is unschedulable. */
    boolean cordoned(String node) {
        return Files.isRegularFile(dir.resolve("cordoned/" + node));
    }

    void setCordoned(String node, boolean cordoned) {
        if (cordoned) {
            write(dir.resolve("cordoned/" + node), "");
        } else {
            delete(dir.resolve("cordoned/" + node));
        }
    }

    /** The kubelet's heartbeat (a node Lease's renewTime): the daemon renews it while it runs. */
    void renewLease(String node) {
        write(dir.resolve("leases/" + node), now().toString());
    }

    /**
     * Whether the node's kubelet renewed its lease within {@code grace} (the node controller's
     * node-monitor-grace-period): how a host that cannot see another's processes knows it is Ready.
     */
    boolean leaseFresh(String node, Duration grace) {
        Path lease = dir.resolve("leases/" + node);
        if (!Files.isRegularFile(lease)) {
            return false;
        }
        try {
            return !Instant.parse(read(lease).strip()).plus(grace).isBefore(now());
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    Path faultsFile() {
        return dir.resolve("faults");
    }

    String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static void write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.write(temporary, content);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static void write(Path file, String content) {
        write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean delete(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    private List<Path> list(String sub, String suffix) {
        Path folder = dir.resolve(sub);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return new ArrayList<>(files.filter(file -> file.getFileName().toString().endsWith(suffix)
                    && !file.getFileName().toString().startsWith(".")).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T parse(Path file, Class<T> type) {
        try {
            return JSON.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
