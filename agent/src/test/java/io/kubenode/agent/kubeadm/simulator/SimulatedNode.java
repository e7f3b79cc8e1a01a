package io.kubenode.agent.kubeadm.simulator;

import io.kubenode.agent.host.sandbox.SandboxHost;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A sandbox root prepared like a host after kubenode's host preparation (ip_forward 1, no swap, containerd active in
 * the systemctl simulation), on which the tests run the simulator's executables as real processes.
 */
final class SimulatedNode {
    record Result(int exitCode, String stdout, String stderr) {
        String output() {
            return stdout + stderr;
        }
    }

    private final Path root;
    private final String loopback;
    private final Path cluster;
    private final SimulatorExecutables.Paths executables;
    private final Map<String, String> environment;

    SimulatedNode(Path root, String loopback, Path cluster, SimulatorExecutables.Paths executables)
            throws IOException {
        this(root, loopback, cluster, executables, Map.of());
    }

    /** {@code environment}: more variables for the programs, e.g. {@code KUBEADM_SIMULATOR_ETCD=real}. */
    SimulatedNode(Path root, String loopback, Path cluster, SimulatorExecutables.Paths executables,
                  Map<String, String> environment) throws IOException {
        this.environment = Map.copyOf(environment);
        this.root = root;
        this.loopback = loopback;
        this.cluster = cluster;
        this.executables = executables;
        write("/proc/sys/net/ipv4/ip_forward", "1\n");
        write("/proc/swaps", "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
        write(SandboxHost.STATE_DIR + "/systemd/containerd.service", "UnitFileState=enabled\nActiveState=active\n");
    }

    Path root() {
        return root;
    }

    Path path(String hostPath) {
        return root.resolve(hostPath.substring(1));
    }

    void write(String hostPath, String content) throws IOException {
        Path file = path(hostPath);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    Result kubeadm(String... args) throws IOException, InterruptedException {
        return run(executables.kubeadm(), args);
    }

    Result kubectl(String... args) throws IOException, InterruptedException {
        return run(executables.kubectl(), args);
    }

    private Result run(Path executable, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        argv.add(executable.toString());
        argv.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().put(SimulatorEnv.ROOT, root.toString());
        builder.environment().put(SimulatorEnv.LOOPBACK, loopback);
        builder.environment().put(SimulatorEnv.CLUSTER, cluster.toString());
        builder.environment().putAll(environment);
        Path stdout = Files.createTempFile("sim-out", ".txt");
        Path stderr = Files.createTempFile("sim-err", ".txt");
        try {
            Process process = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(argv + " did not finish within 90 s");
            }
            return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    OptionalLong daemonPid() {
        return DaemonProcess.readPid(path(SimulatorEnv.STATE_DIR + "/daemon.pid"));
    }

    Optional<ProcessHandle> daemon() {
        OptionalLong pid = daemonPid();
        return pid.isPresent() ? ProcessHandle.of(pid.getAsLong()).filter(ProcessHandle::isAlive) : Optional.empty();
    }

    /** The node's real etcd (started with {@code KUBEADM_SIMULATOR_ETCD=real}), by its pid file, when it runs. */
    Optional<ProcessHandle> etcd() {
        return EtcdMember.running(path(EtcdMember.PID_FILE), path(EtcdFlags.DATA_DIR));
    }

    /** For @AfterEach/@AfterAll: the daemon and the node's etcd, by their pid files, killed and waited for. */
    void killDaemon() {
        daemon().filter(DaemonProcess::isOurDaemon).ifPresent(SimulatedNode::killAndWait);
        etcd().ifPresent(SimulatedNode::killAndWait);
    }

    private static void killAndWait(ProcessHandle handle) {
        handle.destroyForcibly();
        handle.onExit().join();
    }
}
