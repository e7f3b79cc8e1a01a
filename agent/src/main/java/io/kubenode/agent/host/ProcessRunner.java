package io.kubenode.agent.host;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a command as an argv list (no shell) with a timeout, stdin from /dev/null and stdout/stderr captured. */
final class ProcessRunner {
    /** How long to wait for the rest of the output once the command has exited. */
    private static final long OUTPUT_WAIT_SECONDS = 5;

    private ProcessRunner() {
    }

    /** A non-zero exit is a result; failing to start, timing out or being interrupted is a HostException. */
    static CommandResult run(List<String> argv, Duration timeout) throws HostException {
        long started = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new HostException(String.join(" ", argv) + ": cannot start: " + e.getMessage(), e);
        }
        // Read both pipes while the command runs: a command filling a pipe nobody reads would block for ever.
        CompletableFuture<String> stdout = drain(process.getInputStream());
        CompletableFuture<String> stderr = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                // Children first: they would outlive their parent, keep the pipes open and go on changing the host.
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                throw new HostException(String.join(" ", argv) + ": timed out after " + timeout.toSeconds() + " s");
            }
            return new CommandResult(argv, process.exitValue(), stdout.get(OUTPUT_WAIT_SECONDS, TimeUnit.SECONDS),
                    stderr.get(OUTPUT_WAIT_SECONDS, TimeUnit.SECONDS), Duration.ofNanos(System.nanoTime() - started));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new HostException(String.join(" ", argv) + ": interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new HostException(String.join(" ", argv) + ": cannot read its output: " + e.getMessage(), e);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }
}
