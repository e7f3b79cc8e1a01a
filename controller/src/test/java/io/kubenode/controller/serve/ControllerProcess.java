package io.kubenode.controller.serve;

import io.kubenode.controller.compiler.SeedCluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * {@code deploy/bin/kubenode-controller serve} as operators run it: its own JVM (the launcher execs java, so this
 * process is the controller itself and SIGKILL reaches it), on loopback port 0, output in a log file per start.
 */
final class ControllerProcess {
    private static final Pattern LISTENING = Pattern.compile("kubenode-controller: API on 127\\.0\\.0\\.1:(\\d+)");
    private static final Path LAUNCHER = SeedCluster.repositoryRoot().resolve("deploy/bin/kubenode-controller");

    private final Process process;
    private final Path log;
    private final URI base;

    private ControllerProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.base = URI.create("https://127.0.0.1:" + port);
    }

    /** `init` through the launcher, as an operator does once. */
    static void init(Path dataDir, Path log) throws IOException, InterruptedException {
        Process init = new ProcessBuilder(LAUNCHER.toString(), "init", "--data-dir", dataDir.toString(), "--san",
                "127.0.0.1").redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!init.waitFor(60, TimeUnit.SECONDS) || init.exitValue() != 0) {
            init.destroyForcibly();
            throw new AssertionError("kubenode-controller init failed:\n" + Files.readString(log));
        }
    }

    /** Starts serve and waits for its "API on" line; the store's integrity check runs before that line. */
    static ControllerProcess start(Path dataDir, Path log, Duration within) throws IOException {
        Process process = new ProcessBuilder(LAUNCHER.toString(), "serve", "--data-dir", dataDir.toString(),
                "--listen", "127.0.0.1:0").redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            await("kubenode-controller serve to listen (" + log + ")").atMost(within)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> port(log).isPresent() || !process.isAlive());
            int port = port(log).orElseThrow(() -> new AssertionError("serve exited with " + process.exitValue()
                    + " before listening:\n" + read(log)));
            return new ControllerProcess(process, log, port);
        } catch (RuntimeException | AssertionError e) {
            process.destroyForcibly();
            throw e;
        }
    }

    URI uri(String path) {
        return base.resolve(path);
    }

    /** kill -9: no shutdown hook, no store close; whatever the JVM had not committed is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the controller survived SIGKILL: pid " + process.pid());
        }
    }

    /** SIGTERM, the orderly stop; the exit code says whether it was one. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the controller ignored SIGTERM for 60 s:\n" + read(log));
        }
        return process.exitValue();
    }

    /** For finally blocks: a no-op once the process is gone. */
    void destroy() {
        process.destroyForcibly();
    }

    String log() {
        return read(log);
    }

    private static Optional<Integer> port(Path log) {
        Matcher listening = LISTENING.matcher(read(log));
        return listening.find() ? Optional.of(Integer.parseInt(listening.group(1))) : Optional.empty();
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
