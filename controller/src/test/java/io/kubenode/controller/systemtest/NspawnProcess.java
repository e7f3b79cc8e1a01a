package io.kubenode.controller.systemtest;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One run of systemd-nspawn, from start to exit: the process, the container's PID 1 it forked, and the console
 * log both write to. Ended by PID only: SIGKILL to the container's PID 1 ends its whole PID namespace.
 */
final class NspawnProcess {
    private final String machine;
    private final Process process;
    private final long initPid;
    private final Path consoleLog;

    private NspawnProcess(String machine, Process process, long initPid, Path consoleLog) {
        this.machine = machine;
        this.process = process;
        this.initPid = initPid;
        this.consoleLog = consoleLog;
    }

    /** Starts {@code argv}, console appended to {@code consoleLog}; returns once the container's PID 1 exists. */
    static NspawnProcess start(String machine, List<String> argv, Path consoleLog, long deadlineNanos)
            throws IOException, InterruptedException {
        Files.writeString(consoleLog, "=== " + String.join(" ", argv) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Process process = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(consoleLog.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        NspawnProcess started = new NspawnProcess(machine, process, 0, consoleLog);
        while (System.nanoTime() < deadlineNanos) {
            started.failIfExited("while booting");
            // The container's PID 1 is nspawn's child whose PID in its own namespace is 1.
            Optional<Long> init = process.children().map(ProcessHandle::pid).filter(NspawnProcess::isNamespaceInit)
                    .findFirst();
            if (init.isPresent()) {
                return new NspawnProcess(machine, process, init.get(), consoleLog);
            }
            Thread.sleep(20);
        }
        started.kill();
        throw new AssertionError(machine + ": no container PID 1 in time\n" + started.consoleTail());
    }

    long pid() {
        return process.pid();
    }

    long initPid() {
        return initPid;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int exitValue() {
        return process.exitValue();
    }

    boolean waitFor(Duration within) throws InterruptedException {
        return process.waitFor(Math.max(0, within.toNanos()), TimeUnit.NANOSECONDS);
    }

    /** nspawn's exit status; fails the test if it still runs after {@code within}. */
    int awaitExit(Duration within) throws InterruptedException, IOException {
        if (!waitFor(within)) {
            throw new AssertionError(machine + ": systemd-nspawn still running after " + within.toSeconds() + " s\n"
                    + consoleTail());
        }
        return process.exitValue();
    }

    /** SIGKILL to the container's PID 1, then SIGTERM (SIGKILL after 10 s) to nspawn, by PID. */
    void kill() throws InterruptedException {
        if (initPid != 0) {
            ProcessHandle.of(initPid).ifPresent(ProcessHandle::destroyForcibly);
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    void failIfExited(String when) throws IOException {
        if (!process.isAlive()) {
            throw new AssertionError(machine + ": systemd-nspawn exited " + process.exitValue() + " " + when + "\n"
                    + consoleTail());
        }
    }

    /** The console log's last lines, for failure messages. */
    String consoleTail() throws IOException {
        List<String> lines = Files.readAllLines(consoleLog, StandardCharsets.UTF_8);
        return "console (" + consoleLog + "), last lines:\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static boolean isNamespaceInit(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .anyMatch(line -> line.matches("NSpid:\\s+\\d+\\s+1"));
        } catch (IOException gone) {
            return false;
        }
    }
}
