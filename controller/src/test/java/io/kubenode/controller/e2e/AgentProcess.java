package io.kubenode.controller.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * A running {@code kubenode-agent run} (the launcher execs its JVM; any child it left is cleaned up too), output
 * in a log file, metrics on the loopback port it printed.
 */
final class AgentProcess implements AutoCloseable {
    private static final Pattern METRICS = Pattern.compile("kubenode-agent: metrics on port (\\d+)");
    private static final Duration START_WITHIN = Duration.ofSeconds(60);
    private static final Duration STOP_WITHIN = Duration.ofSeconds(15);

    private final Process process;
    private final Path log;
    private final URI metrics;

    private AgentProcess(Process process, Path log, int metricsPort) {
        this.process = process;
        this.log = log;
        this.metrics = URI.create("http://127.0.0.1:" + metricsPort + "/metrics");
    }

    static AgentProcess start(List<String> argv, Path log) throws IOException {
        return start(argv, java.util.Map.of(), log);
    }

    /** As {@link #start(List, Path)}, with {@code environment} added to this JVM's. */
    static AgentProcess start(List<String> argv, java.util.Map<String, String> environment, Path log)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            await("kubenode-agent run to serve metrics (" + log + ")").atMost(START_WITHIN)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> metricsPort(log).isPresent() || !process.isAlive());
            int port = metricsPort(log).orElseThrow(() -> new AssertionError("kubenode-agent run exited with "
                    + process.exitValue() + " before serving metrics:\n" + read(log)));
            return new AgentProcess(process, log, port);
        } catch (RuntimeException | AssertionError e) {
            destroyTree(process);
            throw e;
        }
    }

    Metrics metrics() {
        return Metrics.scrape(metrics);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    String log() {
        return read(log);
    }

    /** SIGTERM (the agent stops between passes), then SIGKILL for it and its children if it lingers. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            process.waitFor(STOP_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            children.forEach(ProcessHandle::destroyForcibly);
            destroyTree(process);
        }
    }

    private static void destroyTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static Optional<Integer> metricsPort(Path log) {
        Matcher port = METRICS.matcher(read(log));
        return port.find() ? Optional.of(Integer.parseInt(port.group(1))) : Optional.empty();
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
