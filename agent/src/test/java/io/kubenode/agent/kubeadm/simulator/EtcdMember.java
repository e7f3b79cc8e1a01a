package io.kubenode.agent.kubeadm.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A control plane's real etcd (Debian's etcd-server), started as the kubelet would start the etcd static pod: with
 * the manifest's flags, host paths under the node's root. It runs in its own session (setsid), so the agent killing
 * kubeadm's process group leaves it running, as a static pod would be. Its pid is in
 * {@code <root>/var/lib/kubeadm-simulator/etcd.pid}, beside the node daemon's: whoever stops a simulated node stops
 * that pid too ({@link #stop}, {@link SimulatedNode#killDaemon}). On a host of its own ({@link SimulatorEnv#systemd})
 * it is a transient systemd service instead.
 */
final class EtcdMember {
    static final String PID_FILE = SimulatorEnv.STATE_DIR + "/etcd.pid";
    static final String UNIT = "kubeadm-simulator-etcd.service";
    private static final Duration HEALTHY_TIMEOUT = Duration.ofSeconds(40);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private EtcdMember() {
    }

    /** Starts the member and returns once its client URL answers {@code endpoint health}; its pid. */
    static long start(SimulatorEnv env, EtcdFlags flags) {
        stop(env);
        if (env.systemd()) {
            return startUnit(env, flags);
        }
        Path log = env.stateDir().resolve("etcd.log");
        List<String> argv = new ArrayList<>(List.of("setsid", "etcd"));
        argv.addAll(flags.render(path -> env.host(path).toString()));
        ProcessBuilder builder = new ProcessBuilder(argv)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true);
        try {
            Files.createDirectories(env.stateDir());
            Files.createDirectories(env.host(EtcdFlags.DATA_DIR));
            // setsid execs etcd in place (this child is no process-group leader): the child's pid is etcd's
            Process process = builder.start();
            ClusterStore.write(env.host(PID_FILE), process.pid() + "\n");
            awaitHealthy(env, flags, process.toHandle(), () -> DaemonProcess.tail(log));
            return process.pid();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start etcd", e);
        }
    }

    /**
     * On a host of its own: a transient service ({@value #UNIT}) started by that host's systemd, as a static pod
     * runs in a cgroup and namespace of its own, not in the kubelet's or the agent's (whose sandbox kubeadm
     * inherits); its output goes to the journal.
     */
    private static long startUnit(SimulatorEnv env, EtcdFlags flags) {
        List<String> argv = new ArrayList<>(List.of("systemd-run", "--unit=" + UNIT, "--collect", "--quiet",
                "--property=Type=exec", "--", "etcd"));
        argv.addAll(flags.render(path -> env.host(path).toString()));
        try {
            Files.createDirectories(env.stateDir());
            Files.createDirectories(env.host(EtcdFlags.DATA_DIR));
            String started = HostCommands.run(argv);
            String pid = HostCommands.run(List.of("systemctl", "show", "--property=MainPID", "--value", UNIT)).strip();
            ProcessHandle etcd = ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive)
                    .orElseThrow(() -> new SimulatorFailure("error execution phase etcd: " + UNIT + " did not start"
                            + " (" + started.strip() + "): " + HostCommands.journal(UNIT)));
            ClusterStore.write(env.host(PID_FILE), etcd.pid() + "\n");
            awaitHealthy(env, flags, etcd, () -> HostCommands.journal(UNIT));
            return etcd.pid();
        } catch (IOException | NumberFormatException e) {
            throw new SimulatorFailure("error execution phase etcd: cannot start " + UNIT + ": " + e.getMessage());
        }
    }

    private static void awaitHealthy(SimulatorEnv env, EtcdFlags flags, ProcessHandle process,
                                     Supplier<String> log) {
        EtcdCtl etcdctl = new EtcdCtl(env);
        Instant deadline = Instant.now().plus(HEALTHY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new SimulatorFailure("error execution phase etcd: etcd exited (is Debian's etcd-server "
                        + "installed?): " + log.get());
            }
            if (etcdctl.healthy(EtcdFlags.clientUrl(flags.address()))) {
                return;
            }
            sleep(Duration.ofMillis(300));
        }
        throw new SimulatorFailure("error execution phase etcd: etcd on " + EtcdFlags.clientUrl(flags.address())
                + " was not healthy within " + HEALTHY_TIMEOUT.toSeconds() + " s: " + log.get());
    }

    /** SIGTERM, then SIGKILL after {@link #STOP_TIMEOUT}; only a process that is this node's etcd. True if one ran. */
    static boolean stop(SimulatorEnv env) {
        Optional<ProcessHandle> running = running(env.host(PID_FILE), env.host(EtcdFlags.DATA_DIR));
        running.ifPresent(handle -> {
            handle.destroy();
            try {
                handle.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
                handle.onExit().join();
            }
        });
        try {
            Files.deleteIfExists(env.host(PID_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return running.isPresent();
    }

    /** The etcd whose pid is in {@code pidFile} and whose data dir is {@code dataDir}, when it runs. */
    static Optional<ProcessHandle> running(Path pidFile, Path dataDir) {
        OptionalLong pid = DaemonProcess.readPid(pidFile);
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid.getAsLong()).filter(handle -> isEtcdOf(handle, dataDir));
    }

    /** A recycled pid is left alone: only an etcd started with this data dir is ours. */
    static boolean isEtcdOf(ProcessHandle handle, Path dataDir) {
        return handle.isAlive() && handle.info().arguments()
                .map(args -> List.of(args).contains("--data-dir=" + dataDir)).orElse(false);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimulatorFailure("interrupted while waiting for etcd");
        }
    }
}
