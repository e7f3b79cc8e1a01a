package io.kubenode.controller.serve;

import io.kubenode.controller.compiler.SeedCluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * {@code deploy/bin/kubenode-controller serve} as operators run it: its own JVM (the launcher execs java, so this
 * process is the controller itself and SIGKILL reaches it), on loopback (API on port 0 unless a restart asks for
 * its old port, metrics always on port 0), output in a log file per start. A test whose agents run on other hosts
 * (containers on a test bridge) gives it that network's host address to listen on instead.
 */
public final class ControllerProcess {
    private static final String LOOPBACK = "127.0.0.1";
    private static final Pattern LISTENING = Pattern.compile("kubenode-controller: API on \\S+:(\\d+)");
    private static final Pattern METRICS = Pattern.compile("kubenode-controller: metrics on (http://\\S+)");
    private static final Path LAUNCHER = SeedCluster.repositoryRoot().resolve("deploy/bin/kubenode-controller");

    private final Process process;
    private final Path log;
    private final int port;
    private final URI base;
    private final URI metrics;
    /** Kills it when the test JVM ends without stopping it (a test run interrupted with SIGTERM, a timeout). */
    private final Thread orphanKiller;

    private ControllerProcess(Process process, Path log, String host, int port, URI metrics) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.base = URI.create("https://" + host + ":" + port);
        this.metrics = metrics;
        this.orphanKiller = new Thread(() -> destroyTree(process), "controller-orphan-killer");
        Runtime.getRuntime().addShutdownHook(orphanKiller);
    }

    /** `init` through the launcher, as an operator does once. */
    public static void init(Path dataDir, Path log) throws IOException, InterruptedException {
        init(dataDir, log, List.of(LOOPBACK));
    }

    /** `init` with the server certificate naming {@code sans} (the first one is where admin.conf points). */
    public static void init(Path dataDir, Path log, List<String> sans) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(LAUNCHER.toString(), "init", "--data-dir", dataDir.toString()));
        for (String san : sans) {
            argv.addAll(List.of("--san", san));
        }
        Process init = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!init.waitFor(60, TimeUnit.SECONDS) || init.exitValue() != 0) {
            init.destroyForcibly();
            throw new AssertionError("kubenode-controller init failed:\n" + Files.readString(log));
        }
    }

    /** Starts serve and waits for its "API on" line; the store's integrity check runs before that line. */
    public static ControllerProcess start(Path dataDir, Path log, Duration within) throws IOException {
        return start(dataDir, log, within, 0);
    }

    /** Starts serve on API port {@code apiPort} (0: any free one), e.g. a restart on the port agents know. */
    public static ControllerProcess start(Path dataDir, Path log, Duration within, int apiPort) throws IOException {
        return start(dataDir, log, within, apiPort, List.of());
    }

    /** As {@link #start(Path, Path, Duration, int)}, with more serve options, e.g. a node certificate lifetime. */
    public static ControllerProcess start(Path dataDir, Path log, Duration within, int apiPort,
                                         List<String> serveOptions) throws IOException {
        return start(launcherServe(), dataDir, log, within, apiPort, serveOptions);
    }

    /** serve as operators start it: {@code deploy/bin/kubenode-controller serve}. */
    public static List<String> launcherServe() {
        return List.of(LAUNCHER.toString(), "serve");
    }

    /**
     * serve in a JVM of this test's classpath whose clock is the wall clock plus the seconds in {@code offsetFile}
     * ({@link FakeClockServe}); a test writes the file to move the controller's time forward.
     */
    public static List<String> fakeClockServe(Path offsetFile) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + FakeClockServe.OFFSET_FILE_PROPERTY + "=" + offsetFile, "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), FakeClockServe.class.getName());
    }

    /** Starts serve with {@code command} (the words before serve's options; see {@link #launcherServe()}). */
    public static ControllerProcess start(List<String> command, Path dataDir, Path log, Duration within, int apiPort,
                                         List<String> serveOptions) throws IOException {
        return start(command, dataDir, log, within, LOOPBACK, apiPort, serveOptions);
    }

    /** As above, the API listening on {@code apiHost} (an address of this host) instead of loopback. */
    public static ControllerProcess start(List<String> command, Path dataDir, Path log, Duration within,
                                         String apiHost, int apiPort, List<String> serveOptions) throws IOException {
        List<String> argv = new ArrayList<>(command);
        argv.addAll(List.of("--data-dir", dataDir.toString(), "--listen", apiHost + ":" + apiPort,
                "--metrics-listen", "127.0.0.1:0"));
        argv.addAll(serveOptions);
        Process process = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        try {
            // "metrics on" is printed right after "API on": both, or the process gone
            await("kubenode-controller serve to listen (" + log + ")").atMost(within)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> metrics(log).isPresent() || !process.isAlive());
            int port = port(log).orElseThrow(() -> new AssertionError("serve exited with " + process.exitValue()
                    + " before listening:\n" + read(log)));
            URI metrics = metrics(log).orElseThrow(() -> new AssertionError("serve exited with "
                    + process.exitValue() + " before serving metrics:\n" + read(log)));
            return new ControllerProcess(process, log, apiHost, port, metrics);
        } catch (RuntimeException | AssertionError e) {
            destroyTree(process);
            throw e;
        }
    }

    public URI uri(String path) {
        return base.resolve(path);
    }

    /** The API port it listens on. */
    public int port() {
        return port;
    }

    /** Its Prometheus endpoint, http://127.0.0.1:PORT/metrics. */
    public URI metricsUri() {
        return metrics;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** kill -9: no shutdown hook, no store close; whatever the JVM had not committed is gone. */
    public void kill() throws InterruptedException {
        forgetOrphanKiller();
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the controller survived SIGKILL: pid " + process.pid());
        }
    }

    /** SIGTERM, the orderly stop; the exit code says whether it was one. */
    public int stop() throws InterruptedException {
        forgetOrphanKiller();
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            destroyTree(process);
            throw new AssertionError("the controller ignored SIGTERM for 60 s:\n" + read(log));
        }
        return process.exitValue();
    }

    /** For finally blocks: a no-op once the process is gone. */
    public void destroy() {
        forgetOrphanKiller();
        destroyTree(process);
    }

    private void forgetOrphanKiller() {
        try {
            Runtime.getRuntime().removeShutdownHook(orphanKiller);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    public String log() {
        return read(log);
    }

    /** SIGKILL to the process and whatever it started (a launcher that did not exec leaves its JVM as a child). */
    private static void destroyTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static Optional<URI> metrics(Path log) {
        Matcher metrics = METRICS.matcher(read(log));
        return metrics.find() ? Optional.of(URI.create(metrics.group(1))) : Optional.empty();
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
