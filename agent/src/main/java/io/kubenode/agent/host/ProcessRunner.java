package io.kubenode.agent.host;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a command as an argv list (no shell) with a timeout, stdin from /dev/null and stdout/stderr captured. The
 * command starts in a process group of its own ({@code setsid}), so a timeout kills everything it started, even
 * children that left its process tree (a grandchild whose parent exited is re-parented, yet stays in the group).
 */
final class ProcessRunner {
    /** How long to wait for the rest of the output once the command has exited. */
    private static final long OUTPUT_WAIT_SECONDS = 5;
    /** After a kill: how long to wait for the output read so far (a process outside the group may hold the pipe). */
    private static final long KILLED_OUTPUT_WAIT_MILLIS = 1000;
    private static final List<String> SETSID = List.of("/usr/bin/setsid", "/bin/setsid");
    private static final List<String> KILL = List.of("/usr/bin/kill", "/bin/kill");
    /** Pipe readers block for as long as a command runs (minutes for kubeadm): threads of their own, not a pool's. */
    private static final Executor READERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "kubenode-command-output");
        thread.setDaemon(true);
        return thread;
    });

    private ProcessRunner() {
    }

    static CommandResult run(List<String> argv, Duration timeout) throws HostException {
        return run(argv, Map.of(), timeout);
    }

    /**
     * A non-zero exit is a result; failing to start or being interrupted is a HostException, timing out a
     * {@link CommandTimedOut}. {@code environment} is added to the agent's own.
     */
    static CommandResult run(List<String> argv, Map<String, String> environment, Duration timeout)
            throws HostException {
        long started = System.nanoTime();
        Optional<String> setsid = executable(SETSID);
        List<String> launched = new ArrayList<>();
        // --wait: should setsid ever have to fork (it does when already a group leader), it still waits for the
        // command and returns its exit status instead of returning at once
        setsid.ifPresent(path -> launched.addAll(List.of(path, "--wait")));
        launched.addAll(argv);
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(launched)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new HostException(String.join(" ", argv) + ": cannot start: " + e.getMessage(), e);
        }
        OutputTail tail = new OutputTail(CommandResult.TAIL_BYTES);
        // Read both pipes while the command runs: a command filling a pipe nobody reads would block for ever.
        CompletableFuture<String> stdout = drain(process.getInputStream(), tail);
        CompletableFuture<String> stderr = drain(process.getErrorStream(), tail);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                killGroup(process, setsid.isPresent());
                waitQuietly(stdout, stderr);
                throw new CommandTimedOut(argv, timeout, tail.last(CommandResult.TAIL_BYTES));
            }
            String err = stderr.get(OUTPUT_WAIT_SECONDS, TimeUnit.SECONDS);
            if (setsid.isPresent() && (process.exitValue() == 126 || process.exitValue() == 127)
                    && err.startsWith("setsid: failed to execute ")) {
                // the command itself never started: the same failure as without setsid, not an exit code of its own
                throw new HostException(String.join(" ", argv) + ": cannot start: " + err.strip()
                        .substring("setsid: ".length()));
            }
            return new CommandResult(argv, process.exitValue(), stdout.get(OUTPUT_WAIT_SECONDS, TimeUnit.SECONDS),
                    err, Duration.ofNanos(System.nanoTime() - started), tail.last(CommandResult.TAIL_BYTES));
        } catch (InterruptedException e) {
            killGroup(process, setsid.isPresent());
            Thread.currentThread().interrupt();
            throw new HostException(String.join(" ", argv) + ": interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new HostException(String.join(" ", argv) + ": cannot read its output: " + e.getMessage(), e);
        }
    }

    /**
     * SIGKILL to the command's process group (its pid: setsid made it the group leader), then to whatever is left of
     * its process tree (no setsid on this machine, or a child that made a group of its own).
     */
    private static void killGroup(Process process, boolean ownGroup) {
        Optional<String> kill = executable(KILL);
        if (ownGroup && kill.isPresent()) {
            try {
                new ProcessBuilder(kill.get(), "-KILL", "--", "-" + process.pid())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                        .waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                // the tree walk below still kills what it can see
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitQuietly(CompletableFuture<?>... futures) {
        try {
            CompletableFuture.allOf(futures).get(KILLED_OUTPUT_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the tail holds what arrived
        }
    }

    private static Optional<String> executable(List<String> candidates) {
        return candidates.stream().filter(path -> Files.isExecutable(Path.of(path))).findFirst();
    }

    private static CompletableFuture<String> drain(InputStream stream, OutputTail tail) {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try (stream) {
                int read;
                while ((read = stream.read(buffer)) >= 0) {
                    all.write(buffer, 0, read);
                    tail.append(buffer, 0, read);
                }
            } catch (IOException e) {
                // a pipe closed by the kill: keep what was read
            }
            return all.toString(StandardCharsets.UTF_8);
        }, READERS);
    }
}
