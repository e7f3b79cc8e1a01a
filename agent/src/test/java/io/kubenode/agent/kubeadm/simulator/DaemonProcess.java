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

/**
 * Starts and stops a node's daemon ({@link NodeDaemon}): one detached JVM per node in its own session (setsid), so
 * the agent killing kubeadm's process group on a timeout leaves it running, as the real kubelet and static pods would.
 * Its pid is in {@code <root>/var/lib/kubeadm-simulator/daemon.pid}, written by the daemon once it listens. On a
 * host of its own ({@link SimulatorEnv#systemd}) the daemon is kubelet.service, and kubeadm restarts and stops it
 * with systemctl as the real one does.
 */
final class DaemonProcess {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(40);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    static final String KUBELET_UNIT = "kubelet.service";

    private DaemonProcess() {
    }

    static long start(SimulatorEnv env) {
        if (env.systemd()) {
            return restartKubeletUnit(env);
        }
        stop(env);
        Path log = env.stateDir().resolve("daemon.log");
        List<String> argv = new ArrayList<>(List.of("setsid", javaBinary(), "-Xmx48m", "-Xss512k",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
                "-cp", System.getProperty("java.class.path"), KubeSimulator.class.getName(), "daemon"));
        ProcessBuilder builder = new ProcessBuilder(argv)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true);
        builder.environment().put(SimulatorEnv.ROOT, env.root().toString());
        builder.environment().put(SimulatorEnv.LOOPBACK, env.loopback());
        builder.environment().put(SimulatorEnv.CLUSTER, env.clusterDir().toString());
        try {
            Files.createDirectories(env.stateDir());
            Process process = builder.start();
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            while (Instant.now().isBefore(deadline)) {
                OptionalLong pid = readPid(env);
                if (pid.isPresent()) {
                    return pid.getAsLong();
                }
                if (!process.isAlive() && process.exitValue() != 0) {
                    throw new SimulatorFailure("the simulated kubelet/apiserver did not start (exit "
                            + process.exitValue() + "): " + tail(log));
                }
                Thread.sleep(50);
            }
            process.destroyForcibly();
            throw new SimulatorFailure("the simulated kubelet/apiserver did not start within " + START_TIMEOUT
                    .toSeconds() + " s: " + tail(log));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the node daemon", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimulatorFailure("interrupted while starting the node daemon");
        }
    }

    /**
     * kubeadm's kubelet-start: {@code systemctl restart kubelet}, then wait for the daemon's pid file (the unit is
     * Type=simple, so systemctl returns before the daemon listens).
     */
    private static long restartKubeletUnit(SimulatorEnv env) {
        try {
            Files.createDirectories(env.stateDir());
            Files.deleteIfExists(env.pidFile());
            HostCommands.run(List.of("systemctl", "restart", KUBELET_UNIT));
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            while (Instant.now().isBefore(deadline)) {
                OptionalLong pid = readPid(env);
                if (pid.isPresent() && ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::isAlive).orElse(false)) {
                    return pid.getAsLong();
                }
                Thread.sleep(100);
            }
            throw new SimulatorFailure("the simulated kubelet/apiserver (" + KUBELET_UNIT + ") did not start within "
                    + START_TIMEOUT.toSeconds() + " s: " + HostCommands.journal(KUBELET_UNIT));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + KUBELET_UNIT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimulatorFailure("interrupted while starting " + KUBELET_UNIT);
        }
    }

    /**
     * SIGTERM, then SIGKILL after {@link #STOP_TIMEOUT}; only a process that is our daemon. True when one ran. On a
     * host of its own: {@code systemctl stop kubelet}, as kubeadm reset does.
     */
    static boolean stop(SimulatorEnv env) {
        if (env.systemd()) {
            boolean ran = runs(env.root());
            HostCommands.run(List.of("systemctl", "stop", KUBELET_UNIT));
            try {
                Files.deleteIfExists(env.pidFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return ran;
        }
        OptionalLong pid = readPid(env);
        boolean stopped = false;
        if (pid.isPresent()) {
            Optional<ProcessHandle> handle = ProcessHandle.of(pid.getAsLong()).filter(DaemonProcess::isOurDaemon);
            if (handle.isPresent()) {
                handle.get().destroy();
                try {
                    handle.get().onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    handle.get().destroyForcibly();
                }
                stopped = true;
            }
        }
        try {
            Files.deleteIfExists(env.pidFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return stopped;
    }

    static boolean isOurDaemon(ProcessHandle handle) {
        return handle.isAlive() && handle.info().arguments()
                .map(args -> List.of(args).contains(KubeSimulator.class.getName())).orElse(true);
    }

    static OptionalLong readPid(SimulatorEnv env) {
        return readPid(env.pidFile());
    }

    static OptionalLong readPid(Path pidFile) {
        try {
            if (!Files.isRegularFile(pidFile)) {
                return OptionalLong.empty();
            }
            String text = Files.readString(pidFile).strip();
            return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Whether the daemon whose pid file is under {@code root} runs (what makes its node Ready). */
    static boolean runs(Path root) {
        OptionalLong pid = readPid(root.resolve(SimulatorEnv.STATE_DIR.substring(1)).resolve("daemon.pid"));
        return pid.isPresent() && ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::isAlive).orElse(false);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The last 2,000 characters of a process's log, for a failure message. */
    static String tail(Path log) {
        try {
            String text = Files.isRegularFile(log) ? Files.readString(log) : "";
            return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
