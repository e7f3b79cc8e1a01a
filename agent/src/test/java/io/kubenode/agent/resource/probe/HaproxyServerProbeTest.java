package io.kubenode.agent.resource.probe;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.engine.ResourceReport;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.host.RealCommands;
import io.kubenode.agent.host.TestCa;
import io.kubenode.agent.host.TestHttpsServer;
import io.kubenode.common.catalog.ProbeSpec;
import io.kubenode.common.cluster.OsFamily;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The haproxyServer probe against a real haproxy (Debian's 2.6) health-checking a real local HTTPS server the way
 * the compiled haproxy.cfg checks an apiserver (TLS, GET /healthz, 200), asked through its real stats socket.
 */
class HaproxyServerProbeTest {
    private static final String SOCKET = "/var/lib/haproxy/stats";
    private static final TestCa CA = TestCa.create("kubenode haproxy probe test CA");

    @TempDir
    Path root;
    private final EngineHarness engine = new EngineHarness(OsFamily.RHEL);
    private final AtomicInteger healthzStatus = new AtomicInteger(200);
    private TestHttpsServer apiserver;
    private Process haproxy;

    @BeforeEach
    void startApiserverAndHaproxy() throws Exception {
        RealCommands.runChecked("haproxy", "-v");
        apiserver = TestHttpsServer.start(CA.serverContext()).route("/healthz", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(healthzStatus.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        Path socket = root.resolve(SOCKET.substring(1));
        Files.createDirectories(socket.getParent());
        Path config = root.resolve("haproxy.cfg");
        Files.writeString(config, """
                global
                    stats socket %s mode 600 level user
                defaults
                    mode tcp
                    timeout connect 1s
                    timeout client 30s
                    timeout server 30s
                    timeout check 1s
                backend apiserver
                    option httpchk
                    http-check connect ssl
                    http-check send meth GET uri /healthz
                    http-check expect status 200
                    default-server inter 200ms downinter 200ms rise 1 fall 1
                    server node1.internal 127.0.0.1:%d check verify none
                """.formatted(socket, apiserver.port()));
        haproxy = new ProcessBuilder("haproxy", "-db", "-f", config.toString()).redirectErrorStream(true)
                .redirectOutput(root.resolve("haproxy.log").toFile()).start();
        await("haproxy's stats socket").atMost(Duration.ofSeconds(10)).until(() -> Files.exists(socket));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (haproxy != null) {
            haproxy.destroyForcibly();
            haproxy.waitFor(10, TimeUnit.SECONDS);
        }
        if (apiserver != null) {
            apiserver.close();
        }
    }

    private ResourceReport probe(String server) {
        Report report = engine.apply(EngineHarness.catalogOf(ProbeSpec.haproxyServer("haproxy-apiserver", SOCKET,
                "apiserver", server, 5)), new LocalHost(root));
        assertThat(report.changes()).as("a probe never has changes").isEmpty();
        return report.resources().get(0);
    }

    private String log() throws IOException {
        return Files.readString(root.resolve("haproxy.log"));
    }

    @Test
    void inSyncWhileHaproxySeesTheServerUpAndNotReadyOnceItsHealthCheckFails() throws Exception {
        await("haproxy checked the server").atMost(Duration.ofSeconds(10))
                .until(() -> probe("node1.internal").state().equals("in_sync"));
        assertThat(apiserver.requests()).as("haproxy really checked /healthz").anyMatch(request ->
                request.contains("/healthz"));

        healthzStatus.set(503);

        await("haproxy marks the server down").atMost(Duration.ofSeconds(10))
                .until(() -> probe("node1.internal").state().equals("not_ready"));
        ResourceReport down = probe("node1.internal");
        assertThat(down.message()).as(log()).startsWith("probe:haproxy-apiserver: haproxy sees "
                + "apiserver/node1.internal DOWN").contains("L7STS").endsWith("(wants UP)");

        healthzStatus.set(200);

        await("haproxy sees it back").atMost(Duration.ofSeconds(10))
                .until(() -> probe("node1.internal").state().equals("in_sync"));
    }

    @Test
    void aServerHaproxyDoesNotHaveIsNotReady() {
        ResourceReport report = probe("node9.internal");

        assertThat(report.state()).isEqualTo("not_ready");
        assertThat(report.message()).isEqualTo("probe:haproxy-apiserver: haproxy has no server "
                + "apiserver/node9.internal");
    }

    @Test
    void aStoppedHaproxyIsNotReadyWhetherItLeftItsSocketFileOrNot() throws Exception {
        haproxy.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        ResourceReport stale = probe("node1.internal");
        assertThat(stale.state()).isEqualTo("not_ready");
        assertThat(stale.message()).startsWith("probe:haproxy-apiserver: cannot ask haproxy on " + SOCKET + ": ");

        Files.delete(root.resolve(SOCKET.substring(1)));

        ResourceReport gone = probe("node1.internal");
        assertThat(gone.message()).isEqualTo("probe:haproxy-apiserver: no haproxy stats socket at " + SOCKET
                + " (haproxy not running?)");
    }
}
