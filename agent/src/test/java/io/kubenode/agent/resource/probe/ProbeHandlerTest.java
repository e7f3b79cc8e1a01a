package io.kubenode.agent.resource.probe;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.engine.ResourceReport;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.host.RealContainerd;
import io.kubenode.agent.host.TestCa;
import io.kubenode.agent.host.TestHttpsServer;
import io.kubenode.agent.host.TreeSnapshot;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.catalog.ProbeSpec;
import io.kubenode.common.cluster.OsFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Probes against a real containerd and a real local HTTPS server; a probe never writes. */
class ProbeHandlerTest {
    private static final TestCa CA = TestCa.create("kubenode probe test CA");
    private static final String SOCKET = "/run/containerd/containerd.sock";
    private static final String CA_FILE = "/etc/kubernetes/pki/ca.crt";

    @TempDir
    Path root;
    @TempDir
    Path containerdBase;
    private final EngineHarness engine = new EngineHarness(OsFamily.RHEL);

    private ResourceReport probe(ProbeSpec spec) {
        Report report = engine.apply(EngineHarness.catalogOf(spec), new LocalHost(root));
        assertThat(report.changes()).as("a probe never has changes").isEmpty();
        return report.resources().get(0);
    }

    private static ProbeSpec cri(int timeoutSeconds) {
        return new ProbeSpec("containerd-cri", ProbeSpec.CRI_SOCKET, SOCKET, null, timeoutSeconds);
    }

    private static ProbeSpec https(String url, int timeoutSeconds) {
        return https("apiserver", url, timeoutSeconds);
    }

    private static ProbeSpec https(String name, String url, int timeoutSeconds) {
        return new ProbeSpec(name, ProbeSpec.HTTPS, url, CA_FILE, timeoutSeconds);
    }

    private void writeCaFile(TestCa ca) throws Exception {
        Path file = root.resolve(CA_FILE.substring(1));
        Files.createDirectories(file.getParent());
        Files.write(file, ca.certificatePem());
    }

    @Test
    void theCriProbeIsInSyncWhileRealContainerdServesAndNotReadyOnceItIsKilled() throws Exception {
        RealContainerd containerd = RealContainerd.start(containerdBase, root.resolve(SOCKET.substring(1)));
        try {
            ResourceReport healthy = probe(cri(5));
            assertThat(healthy.state()).as("containerd log:\n%s", containerd.log()).isEqualTo("in_sync");

            containerd.kill();

            ResourceReport dead = probe(cri(5));
            assertThat(dead.state()).isEqualTo("not_ready");
            assertThat(dead.message()).startsWith("probe:containerd-cri: cannot talk to " + SOCKET)
                    .containsIgnoringCase("connection refused");
        } finally {
            containerd.close();
        }
        assertThat(containerd.isAlive()).isFalse();
    }

    @Test
    void theCriProbeWithoutASocketIsNotReady() {
        ResourceReport report = probe(cri(5));

        assertThat(report.state()).isEqualTo("not_ready");
        assertThat(report.message()).isEqualTo("probe:containerd-cri: no socket at " + SOCKET);
    }

    @Test
    void aUnixSocketServerThatDoesNotSpeakHttp2IsNotReady() throws Exception {
        try (ServerSocketChannel server = unixServer()) {
            Thread answer = new Thread(() -> {
                try (SocketChannel client = server.accept()) {
                    client.read(ByteBuffer.allocate(64));
                    client.write(ByteBuffer.wrap("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
                } catch (Exception ignored) {
                    // the probe has its answer or gave up
                }
            });
            answer.start();

            ResourceReport report = probe(cri(5));

            answer.join(5000);
            assertThat(report.state()).isEqualTo("not_ready");
            assertThat(report.message()).contains("not with an HTTP/2 SETTINGS frame");
        }
    }

    @Test
    void aSilentUnixSocketServerIsNotReadyAfterTheProbesTimeout() throws Exception {
        try (ServerSocketChannel server = unixServer()) {
            long started = System.nanoTime();

            ResourceReport report = probe(cri(1));

            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(report.message()).isEqualTo("probe:containerd-cri: no HTTP/2 answer on " + SOCKET
                    + " within 1 s");
            assertThat(tookMillis).isBetween(900L, 4000L);
        }
    }

    @Test
    void anHttpsEndpointAnswering200WithACertificateFromTheCaFileIsInSync() throws Exception {
        writeCaFile(CA);
        try (TestHttpsServer server = TestHttpsServer.start(CA.serverContext())) {
            server.route("/healthz", TestHttpsServer.status(200, "ok"));

            assertThat(probe(https(server.url("/healthz"), 5)).state()).isEqualTo("in_sync");
        }
    }

    @Test
    void anHttpsEndpointAnswering500IsNotReadyWithTheStatusAndBody() throws Exception {
        writeCaFile(CA);
        try (TestHttpsServer server = TestHttpsServer.start(CA.serverContext())) {
            server.route("/healthz", TestHttpsServer.status(500, "[-]etcd failed: reason withheld\n"));

            ResourceReport report = probe(https(server.url("/healthz"), 5));

            assertThat(report.state()).isEqualTo("not_ready");
            assertThat(report.message()).isEqualTo("probe:apiserver: " + server.url("/healthz")
                    + " answered HTTP 500: [-]etcd failed: reason withheld");
        }
    }

    @Test
    void anHttpsEndpointWithACertificateFromAnotherCaIsNotReadyNamingTheCertificate() throws Exception {
        writeCaFile(CA);
        try (TestHttpsServer impostor = TestHttpsServer.start(TestCa.create("impostor CA").serverContext())) {
            impostor.route("/healthz", TestHttpsServer.status(200, "ok"));

            ResourceReport report = probe(https(impostor.url("/healthz"), 5));

            assertThat(report.state()).isEqualTo("not_ready");
            assertThat(report.message()).contains("TLS handshake failed")
                    .contains("certificate is not trusted by " + CA_FILE);
            assertThat(impostor.requests()).isEmpty();
        }
    }

    @Test
    void anHttpsEndpointWithNoServerIsNotReady() throws Exception {
        writeCaFile(CA);
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }

        ResourceReport report = probe(https("https://127.0.0.1:" + port + "/healthz", 5));

        assertThat(report.state()).isEqualTo("not_ready");
        assertThat(report.message()).contains("connection refused");
    }

    @Test
    void anHttpsEndpointThatNeverAnswersIsNotReadyAfterTheProbesTimeout() throws Exception {
        writeCaFile(CA);
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            long started = System.nanoTime();

            ResourceReport report = probe(https("https://127.0.0.1:" + silent.getLocalPort() + "/healthz", 1));

            assertThat(report.message()).endsWith("no answer within 1 s");
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(4000L);
        }
    }

    @Test
    void aMissingCaFileIsNotReadyNotFailed() {
        ResourceReport report = probe(https("https://127.0.0.1:1/healthz", 5));

        assertThat(report.state()).isEqualTo("not_ready");
        assertThat(report.message()).isEqualTo("probe:apiserver: CA file " + CA_FILE + " does not exist (yet)");
    }

    @Test
    void anUnknownCheckFails() {
        assertThat(probe(new ProbeSpec("odd", "ping", "x", null, 1)).message())
                .isEqualTo("refused by the field checks: spec.check: expected one of [criSocket, haproxyServer, https], got 'ping'");
    }

    @Test
    void probesNeverWriteEvenWhenHealthyOrWhenApplied() throws Exception {
        writeCaFile(CA);
        RealContainerd containerd = RealContainerd.start(containerdBase, root.resolve(SOCKET.substring(1)));
        try (TestHttpsServer server = TestHttpsServer.start(CA.serverContext())) {
            server.route("/healthz", TestHttpsServer.status(200, "ok"));
            NodeCatalog catalog = EngineHarness.catalogOf(cri(5), https(server.url("/healthz"), 5),
                    https("missing", server.url("/missing"), 5));
            Map<String, String> before = TreeSnapshot.of(root);

            Report plan = engine.plan(catalog, new LocalHost(root));
            Report apply = engine.apply(catalog, new LocalHost(root));

            assertThat(plan.counts()).containsEntry("in_sync", 2).containsEntry("not_ready", 1);
            assertThat(apply.counts()).containsEntry("in_sync", 2).containsEntry("not_ready", 1);
            assertThat(TreeSnapshot.of(root)).isEqualTo(before);
        } finally {
            containerd.close();
        }
    }

    private ServerSocketChannel unixServer() throws Exception {
        Path socket = root.resolve(SOCKET.substring(1));
        Files.createDirectories(socket.getParent());
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        return server;
    }
}
