package io.kubenode.agent.host.sandbox;

import com.sun.net.httpserver.HttpServer;
import io.kubenode.agent.host.ProbeResult;
import io.kubenode.agent.host.TestCa;
import io.kubenode.agent.host.TestHttpsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Probes of a sandbox with a simulator configured are real: a URL's 127.0.0.1 goes to the sandbox's loopback
 * address, a host name is resolved through the sandbox's /etc/hosts only, and TLS is verified as that name (SNI and
 * hostname verification), wherever the connection went.
 */
class SandboxProbesTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String CA_FILE = "/etc/kubernetes/pki/ca.crt";

    @TempDir
    Path directory;

    private Path root;
    private Path simulator;
    private TestCa ca;
    private TestHttpsServer apiserver;
    private HttpServer kubelet;

    @BeforeEach
    void machine() throws IOException {
        root = Files.createDirectories(directory.resolve("root"));
        simulator = directory.resolve("kubeadm");
        Files.writeString(simulator, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(simulator, PosixFilePermissions.fromString("rwxr-xr-x"));
        ca = TestCa.create("kubernetes");
        Files.createDirectories(root.resolve("etc/kubernetes/pki"));
        Files.write(root.resolve(CA_FILE.substring(1)), ca.certificatePem());
    }

    @AfterEach
    void stop() {
        if (apiserver != null) {
            apiserver.close();
        }
        if (kubelet != null) {
            kubelet.stop(0);
        }
    }

    private SandboxHost sandbox(String loopback) {
        return new SandboxHost(root, Simulations.all(), new SandboxSimulators(Map.of("kubeadm", simulator),
                SandboxSimulators.loopbackAddress(loopback)));
    }

    private void hosts(String content) throws IOException {
        Files.writeString(root.resolve("etc/hosts"), content);
    }

    @Test
    void aNameFromTheSandboxHostsFileIsReachedAndVerifiedAsThatName() throws Exception {
        apiserver = TestHttpsServer.start(ca.serverContext(List.of(), List.of("k8s-cp.internal")))
                .route("/healthz", TestHttpsServer.status(200, "ok"));
        hosts("# kubenode\n127.0.0.1 localhost\n127.0.0.1   k8s-cp.internal k8s-cp\n");

        ProbeResult result = sandbox("127.0.0.1").probeHttps("https://k8s-cp.internal:" + apiserver.port()
                + "/healthz", CA_FILE, TIMEOUT);

        assertThat(result.healthy()).as(result.detail()).isTrue();
        assertThat(result.detail()).isEqualTo("https://k8s-cp.internal:" + apiserver.port()
                + "/healthz (at 127.0.0.1) answered 200");
    }

    @Test
    void aCertificateForAnotherNameFailsHostnameVerification() throws Exception {
        apiserver = TestHttpsServer.start(ca.serverContext(List.of("127.0.0.1"), List.of("other.internal")))
                .route("/healthz", TestHttpsServer.status(200, "ok"));
        hosts("127.0.0.1 k8s-cp.internal\n");

        ProbeResult result = sandbox("127.0.0.1").probeHttps("https://k8s-cp.internal:" + apiserver.port()
                + "/healthz", CA_FILE, TIMEOUT);

        assertThat(result.healthy()).isFalse();
        assertThat(result.detail()).contains("TLS handshake failed", CA_FILE);
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() throws Exception {
        apiserver = TestHttpsServer.start(TestCa.create("impostor").serverContext(List.of(),
                List.of("k8s-cp.internal"))).route("/healthz", TestHttpsServer.status(200, "ok"));
        hosts("127.0.0.1 k8s-cp.internal\n");

        ProbeResult result = sandbox("127.0.0.1").probeHttps("https://k8s-cp.internal:" + apiserver.port()
                + "/healthz", CA_FILE, TIMEOUT);

        assertThat(result.healthy()).isFalse();
        assertThat(result.detail()).contains("TLS handshake failed");
    }

    @Test
    void aNameNotInTheSandboxHostsFileIsNotResolvedElsewhere() throws Exception {
        hosts("127.0.0.1 localhost\n");

        ProbeResult result = sandbox("127.0.0.1").probeHttps("https://k8s-cp.internal:6443/healthz", CA_FILE,
                TIMEOUT);

        assertThat(result.healthy()).isFalse();
        assertThat(result.detail()).endsWith("k8s-cp.internal is not in the sandbox's /etc/hosts");
    }

    @Test
    void localhostAndLoopbackGoToTheSandboxLoopbackAddress() throws Exception {
        kubelet = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.1.62"), 0), 0);
        kubelet.createContext("/healthz", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        kubelet.start();
        int port = kubelet.getAddress().getPort();

        assertThat(sandbox("127.0.1.62").probeHttp("http://127.0.0.1:" + port + "/healthz", TIMEOUT).healthy())
                .isTrue();
        assertThat(sandbox("127.0.1.62").probeHttp("http://localhost:" + port + "/healthz", TIMEOUT).healthy())
                .isTrue();
        ProbeResult elsewhere = sandbox("127.0.1.63").probeHttp("http://127.0.0.1:" + port + "/healthz", TIMEOUT);
        assertThat(elsewhere.healthy()).as("another sandbox node's loopback").isFalse();
        assertThat(elsewhere.detail()).contains("(at 127.0.1.63)", "connection refused");
    }

    @Test
    void withoutASimulatorProbesAreTakenAsHealthyAndNothingIsContacted() throws Exception {
        SandboxHost plain = new SandboxHost(root, Simulations.all());

        ProbeResult https = plain.probeHttps("https://k8s-cp.internal:6443/healthz", CA_FILE, TIMEOUT);
        ProbeResult http = plain.probeHttp("http://127.0.0.1:1/healthz", TIMEOUT);

        assertThat(https.healthy()).isTrue();
        assertThat(http.healthy()).isTrue();
        assertThat(plain.recordedCommands()).containsExactly(
                "probe https://k8s-cp.internal:6443/healthz (sandbox: not contacted, taken as healthy)",
                "probe http://127.0.0.1:1/healthz (sandbox: not contacted, taken as healthy)");
    }

    @Test
    void onlyKubeadmKubectlAndHaproxyCanBeSimulatedAndTheLoopbackMustBeLoopback() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SandboxSimulators.of(Map.of("dnf", simulator),
                "127.0.0.1")).hasMessage("--sandbox-simulator dnf: no simulator can stand in for it (only haproxy, "
                + "kubeadm, kubectl)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SandboxSimulators.of(Map.of("kubeadm", simulator),
                "192.0.2.1")).hasMessageContaining("must be a loopback address");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SandboxSimulators.of(Map.of("kubeadm",
                directory.resolve("missing")), "127.0.0.1")).hasMessageContaining("not an executable file");
    }

    /**
     * Without a haproxy unit simulator no haproxy runs in the sandbox: the haproxy probe follows the systemctl
     * simulation, as the CRI probe does. With one a real haproxy serves the socket (RolloutIT proves that path).
     */
    @Test
    void withoutAHaproxyUnitSimulatorTheHaproxyProbeFollowsTheSimulatedUnit() throws Exception {
        SandboxHost sandbox = sandbox("127.0.0.1");

        ProbeResult stopped = sandbox.probeHaproxyServer("/var/lib/haproxy/stats", "apiserver", "node1.internal",
                TIMEOUT);
        sandbox.run(List.of("systemctl", "start", "haproxy.service"), TIMEOUT);
        ProbeResult running = sandbox.probeHaproxyServer("/var/lib/haproxy/stats", "apiserver", "node1.internal",
                TIMEOUT);

        assertThat(stopped.healthy()).isFalse();
        assertThat(stopped.detail()).contains("no unit serving /var/lib/haproxy/stats", "haproxy.service");
        assertThat(running.healthy()).as(running.detail()).isTrue();
        assertThat(sandbox.recordedCommands()).contains("probe haproxy apiserver/node1.internal on "
                + "unix:///var/lib/haproxy/stats (sandbox: simulated from the systemctl simulation)");
    }
}
