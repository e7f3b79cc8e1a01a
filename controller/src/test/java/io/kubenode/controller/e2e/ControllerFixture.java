package io.kubenode.controller.e2e;

import io.kubenode.common.pki.Fingerprint;
import io.kubenode.common.pki.Pem;
import io.kubenode.controller.realcheck.ExternalCommand;
import io.kubenode.controller.serve.ControllerProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The controller under test, as an operator sets it up: {@code init --san 127.0.0.1} on a fresh data dir, then
 * {@code serve} on loopback port 0. kubenodectl reads a copy of admin.conf pointing at the port serve picked;
 * a restart takes the same data dir and port, so enrolled agents find it again. Agents on other hosts (test
 * containers) reach one made by {@link #initAndServeOn}: its certificate names, and it listens on, an address of
 * this host they reach.
 */
public final class ControllerFixture implements AutoCloseable {
    private static final String LOOPBACK = "127.0.0.1";
    private static final Pattern PIN = Pattern.compile("CA pin: (sha256:[0-9a-f]{64})");
    private static final Duration START_WITHIN = Duration.ofSeconds(60);

    private final Path dir;
    private final Path data;
    private final String pin;
    private final List<String> serveCommand;
    private final List<String> serveOptions;
    private final String host;
    private ControllerProcess process;
    private int starts;

    private ControllerFixture(Path dir, Path data, String pin, List<String> serveCommand, List<String> serveOptions,
                              String host) {
        this.host = host;
        this.dir = dir;
        this.data = data;
        this.pin = pin;
        this.serveCommand = List.copyOf(serveCommand);
        this.serveOptions = List.copyOf(serveOptions);
    }

    /**
     * init, then serve (with {@code serveOptions} besides the addresses, at every start); the CA pin init printed
     * must be the hash of the CA it wrote.
     */
    static ControllerFixture initAndServe(Path dir, String... serveOptions) throws IOException, InterruptedException {
        return initAndServe(ControllerProcess.launcherServe(), dir, serveOptions);
    }

    /** As above, serve started by {@code serveCommand} (e.g. {@link ControllerProcess#fakeClockServe}). */
    static ControllerFixture initAndServe(List<String> serveCommand, Path dir, String... serveOptions)
            throws IOException, InterruptedException {
        return initAndServe(serveCommand, dir, LOOPBACK, serveOptions);
    }

    /**
     * init with {@code address} (an address of this host, e.g. a test bridge's) besides loopback in the server
     * certificate, then serve listening on {@code address}: what agents in containers on that network enroll with.
     */
    public static ControllerFixture initAndServeOn(Path dir, String address, String... serveOptions)
            throws IOException, InterruptedException {
        return initAndServe(ControllerProcess.launcherServe(), dir, address, serveOptions);
    }

    private static ControllerFixture initAndServe(List<String> serveCommand, Path dir, String host,
                                                  String... serveOptions) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path data = dir.resolve("data");
        Path initLog = dir.resolve("init.log");
        ControllerProcess.init(data, initLog, host.equals(LOOPBACK) ? List.of(LOOPBACK) : List.of(host, LOOPBACK));
        Matcher printed = PIN.matcher(Files.readString(initLog));
        assertThat(printed.find()).as("init prints the CA pin:\n" + Files.readString(initLog)).isTrue();
        assertThat(printed.group(1)).as("the printed pin is the CA's public key hash")
                .isEqualTo(Fingerprint.caCertHash(Pem.readCertificate(Files.readString(data.resolve("pki/ca.crt")))));
        ControllerFixture fixture = new ControllerFixture(dir, data, printed.group(1), serveCommand,
                List.of(serveOptions), host);
        fixture.start(0);
        try {
            Files.writeString(fixture.kubenodectlConfig(), Files.readString(data.resolve("admin.conf"))
                    .replaceFirst("(?m)^server: .*$", "server: " + fixture.url()));
            return fixture;
        } catch (IOException | RuntimeException e) {
            fixture.close();
            throw e;
        }
    }

    /** A sandbox machine in {@code dir}, enrolled as {@code name} by the CA pin with a token for that node. */
    SandboxNode enrolledNode(Path dir, String name) throws IOException, InterruptedException {
        SandboxNode node = SandboxNode.create(dir, name);
        ExternalCommand.Result enroll = node.enroll(url(), pin(), kubenodectl().createToken(name));
        assertThat(enroll.exitCode()).as(enroll.describe()).isZero();
        return node;
    }

    /** The URL agents enroll with, https://ADDRESS:PORT (127.0.0.1 unless made by {@link #initAndServeOn}). */
    public String url() {
        return "https://" + host + ":" + process.port();
    }

    /** The CA pin {@code kubenode-controller init} printed. */
    public String pin() {
        return pin;
    }

    Path dataDir() {
        return data;
    }

    public Kubenodectl kubenodectl() {
        return new Kubenodectl(kubenodectlConfig());
    }

    Metrics metrics() {
        return Metrics.scrape(process.metricsUri());
    }

    boolean running() {
        return process.isAlive();
    }

    /** SIGTERM; the controller stops in order (exit 0). */
    void stop() throws InterruptedException {
        assertThat(process.stop()).as("serve's exit code after SIGTERM:\n" + process.log()).isZero();
    }

    /** serve again on the same data dir and API port (metrics on a new one). */
    void restart() throws IOException {
        int port = process.port();
        process.destroy();
        start(port);
    }

    /** kill -9 (no shutdown hook, no store close), then serve again on the same data dir and API port. */
    public void killAndRestart() throws IOException, InterruptedException {
        int port = process.port();
        process.kill();
        start(port);
    }

    public String log() {
        return process.log();
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
        }
    }

    private void start(int port) throws IOException {
        process = ControllerProcess.start(serveCommand, data, dir.resolve("serve-" + starts++ + ".log"), START_WITHIN,
                host, port, serveOptions);
    }

    private Path kubenodectlConfig() {
        return dir.resolve("kubenodectl.conf");
    }
}
