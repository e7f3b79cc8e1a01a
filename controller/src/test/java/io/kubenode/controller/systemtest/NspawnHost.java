package io.kubenode.controller.systemtest;

import io.kubenode.controller.realcheck.ExternalCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One test host: a systemd-nspawn container booted from its {@link HostTree} with systemd as PID 1, its own
 * hostname, and its own network namespace on the fixture's bridge. Commands run inside through {@code nsenter}
 * into all of the container init's namespaces. "Reboot" is {@code systemctl reboot} inside: nspawn exits with
 * {@value #REBOOT_EXIT} and the fixture boots the same tree again; "stop" is a poweroff, then SIGKILL by PID.
 */
public final class NspawnHost implements AutoCloseable {
    /** systemd-nspawn's exit status when the container asked for a reboot. */
    static final int REBOOT_EXIT = 133;
    private static final Duration BOOT_WITHIN = Duration.ofSeconds(60);
    private static final Duration STOP_WITHIN = Duration.ofSeconds(30);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);
    /** What a login shell on the image would have: commands inside never see this JVM's environment. */
    private static final List<String> CLEAN_ENVIRONMENT = List.of("/usr/bin/env", "-i",
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8", "HOME=/root");

    private final String machine;
    private final String hostname;
    private final String address;
    private final String bridge;
    private final HostTree tree;
    private final ContainerCgroups cgroups;
    private final Path consoleLog;
    private final List<String> nspawnOptions;
    private NspawnProcess nspawn;
    private Duration lastBoot;

    NspawnHost(String machine, String hostname, String address, String bridge, HostTree tree,
            ContainerCgroups cgroups, Path consoleLog, List<String> nspawnOptions) {
        this.machine = machine;
        this.nspawnOptions = List.copyOf(nspawnOptions);
        this.cgroups = cgroups;
        this.hostname = hostname;
        this.address = address;
        this.bridge = bridge;
        this.tree = tree;
        this.consoleLog = consoleLog;
    }

    /** nspawn's machine name: unique on this host, it also names the host side of the veth ({@code vb-NAME}). */
    public String machine() {
        return machine;
    }

    public String hostname() {
        return hostname;
    }

    /** The container's address on the bridge, reachable from this host. */
    public String address() {
        return address;
    }

    /** The host side of the container's veth, on the bridge. */
    public String hostInterface() {
        return "vb-" + machine;
    }

    /** The container's PID 1 (systemd) as this host numbers it. */
    public synchronized long initPid() {
        return nspawn.initPid();
    }

    public synchronized long nspawnPid() {
        return nspawn.pid();
    }

    /** The container's root directory as this host sees it (an overlay mount). */
    public Path root() {
        return tree.root();
    }

    /** From starting nspawn to {@code systemctl is-system-running --wait} answering running or degraded. */
    public synchronized Duration lastBootTime() {
        return lastBoot;
    }

    /** Starts the container and waits until systemd inside has finished booting. */
    synchronized void boot() throws IOException, InterruptedException {
        long start = System.nanoTime();
        List<String> argv = new ArrayList<>(List.of(ExternalCommand.require("systemd-nspawn"), "--quiet",
                "--directory=" + tree.root(), "--boot", "--register=no", "--keep-unit", "--machine=" + machine,
                "--hostname=" + hostname, "--network-bridge=" + bridge, "--resolv-conf=off", "--timezone=off",
                "--link-journal=no", "--console=read-only"));
        argv.addAll(nspawnOptions);
        long deadline = start + BOOT_WITHIN.toNanos();
        cgroups.recreate();
        nspawn = NspawnProcess.start(machine, cgroups.wrap(argv), consoleLog, deadline);
        String state = awaitBooted(deadline);
        lastBoot = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf("nspawn: %s (%s, %s) booted in %.2f s: %s%n", machine, hostname, address,
                lastBoot.toMillis() / 1000.0, state);
        if (state.equals("degraded")) {
            System.out.println("nspawn: " + machine + " failed units:\n"
                    + run("systemctl", "--failed", "--no-legend", "--no-pager").stdout());
        }
    }

    /** Runs {@code argv} inside the container as root with a clean environment; never fails by itself. */
    public ExternalCommand.Result run(String... argv) throws IOException, InterruptedException {
        return run(List.of(argv), COMMAND_TIMEOUT);
    }

    public ExternalCommand.Result run(List<String> argv, Duration timeout) throws IOException, InterruptedException {
        return ExternalCommand.run(inside(argv), timeout, Map.of());
    }

    /** Runs {@code argv} inside; a non-zero exit fails the test with argv, exit code and output. Returns stdout. */
    public String check(String... argv) throws IOException, InterruptedException {
        ExternalCommand.Result result = run(argv);
        if (result.exitCode() != 0) {
            throw new AssertionError(machine + ": " + result.describe());
        }
        return result.stdout();
    }

    /**
     * Copies {@code hostPath} (a file, or a directory with everything below it) to {@code containerPath}, creating
     * missing parent directories; files keep their permission bits and are owned by root.
     */
    public void copyIn(Path hostPath, String containerPath) throws IOException, InterruptedException {
        HostCopy.copy(this, hostPath, containerPath);
    }

    /** The container's boot id: it changes with every boot, as on a real host. */
    public String bootId() throws IOException, InterruptedException {
        return check("cat", "/proc/sys/kernel/random/boot_id").strip();
    }

    /** {@code systemctl reboot} inside, then the same tree booted again; returns when systemd is up again. */
    public synchronized void reboot() throws IOException, InterruptedException {
        ExternalCommand.Result request = run("systemctl", "reboot");
        if (request.exitCode() != 0) {
            throw new AssertionError(machine + ": " + request.describe());
        }
        int exit = nspawn.awaitExit(STOP_WITHIN);
        if (exit != REBOOT_EXIT) {
            throw new AssertionError(machine + ": systemd-nspawn exited " + exit + " after systemctl reboot, not "
                    + REBOOT_EXIT + "\n" + nspawn.consoleTail());
        }
        boot();
    }

    /** Boots the same tree again after {@link #stop}: a host powered back on, with what it had on its disk. */
    /** Whether the container runs (nspawn alive). */
    public synchronized boolean running() {
        return nspawn != null && nspawn.isAlive();
    }

    public synchronized void powerOn() throws IOException, InterruptedException {
        if (nspawn != null && nspawn.isAlive()) {
            throw new IllegalStateException(machine + " is running");
        }
        boot();
    }

    /** Asks systemd inside to power off and returns at once; {@link #stop} then waits. Best effort. */
    synchronized void requestPoweroff() throws IOException, InterruptedException {
        if (nspawn != null && nspawn.isAlive()) {
            try {
                run(List.of("systemctl", "poweroff", "--no-block"), Duration.ofSeconds(10));
            } catch (AssertionError timedOut) {
                System.out.println("nspawn: " + machine + ": the poweroff request did not return: " + timedOut);
            }
        }
    }

    /** {@link #stop(Duration)} with 30 s to power off. */
    public Optional<Integer> stop() throws IOException, InterruptedException {
        return stop(STOP_WITHIN);
    }

    /**
     * {@code systemctl poweroff} inside and waits for nspawn to exit; a container that has not exited
     * {@code within} (hung, or not answering the request) gets its PID 1 killed, which ends its whole PID
     * namespace, and then nspawn, both by PID. Returns nspawn's exit status, or empty when it had to be killed or
     * never started. Idempotent.
     */
    public synchronized Optional<Integer> stop(Duration within) throws IOException, InterruptedException {
        if (nspawn == null) {
            return Optional.empty();
        }
        if (!nspawn.isAlive()) {
            return Optional.of(nspawn.exitValue());
        }
        long deadline = System.nanoTime() + within.toNanos();
        try {
            run(List.of("systemctl", "poweroff", "--no-block"), within);
        } catch (AssertionError timedOut) {
            System.out.println("nspawn: " + machine + ": the poweroff request did not return: " + timedOut);
        }
        if (nspawn.waitFor(Duration.ofNanos(deadline - System.nanoTime()))) {
            return Optional.of(nspawn.exitValue());
        }
        System.out.println("nspawn: " + machine + " did not power off within " + within.toSeconds()
                + " s; killing PID " + nspawn.initPid() + " and nspawn PID " + nspawn.pid());
        nspawn.kill();
        return Optional.empty();
    }

    /** Stops the container, removes its cgroups and unmounts its tree. */
    @Override
    public synchronized void close() throws IOException, InterruptedException {
        try {
            stop();
            cgroups.remove();
        } finally {
            tree.close();
        }
    }

    /** The container's own cgroup directories (one per managed hierarchy), as this host sees them. */
    public List<Path> cgroups() {
        return cgroups.directories();
    }

    Path consoleLog() {
        return consoleLog;
    }

    List<String> inside(List<String> argv) {
        List<String> command = new ArrayList<>(List.of(ExternalCommand.require("nsenter"), "--target",
                Long.toString(nspawn.initPid()), "--all", "--root", "--wd", "--"));
        command.addAll(CLEAN_ENVIRONMENT);
        command.addAll(argv);
        return command;
    }

    /**
     * Waits for {@code systemctl is-system-running --wait}: it answers once the boot has finished; asked before
     * systemd listens on its socket it fails to connect, and that is retried.
     */
    private String awaitBooted(long deadline) throws IOException, InterruptedException {
        while (System.nanoTime() < deadline) {
            nspawn.failIfExited("while booting");
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            ExternalCommand.Result result = run(List.of("systemctl", "is-system-running", "--wait"), left);
            String state = result.stdout().strip();
            if (state.equals("running") || state.equals("degraded")) {
                return state;
            }
            // Before systemd has pivoted into the tree and opened its socket, systemctl says "offline" or nothing.
            if (!state.isEmpty() && !state.equals("offline")) {
                throw new AssertionError(machine + ": the boot ended " + state + "\n" + result.describe() + "\n"
                        + nspawn.consoleTail());
            }
            Thread.sleep(50);
        }
        throw new AssertionError(machine + ": systemd did not finish booting within " + BOOT_WITHIN.toSeconds()
                + " s\n" + nspawn.consoleTail());
    }
}
