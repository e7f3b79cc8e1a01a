package io.kubenode.agent.host;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ProxySelector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real downloads from a local HTTPS server with a CA made for this run. */
class HttpsFetcherTest {
    private static final TestCa CA = TestCa.create("kubenode fetcher test CA");
    private static final RetryPolicy QUICK = new RetryPolicy(4, new Backoff(Duration.ofMillis(10), Duration.ofMillis(40)));
    private static final byte[] BODY = randomBytes(300_000);
    /** A size limit no test download reaches. */
    private static final long ANY = 1L << 30;
    /** What a compromised mirror would send: 256 MiB, far past any limit here. */
    private static final long ENDLESS = 256L * 1024 * 1024;

    @TempDir
    Path root;
    private final TestHttpsServer server = TestHttpsServer.start(CA.serverContext());

    @AfterEach
    void stopServer() {
        server.close();
    }

    private LocalHost host(ProxySelector proxies, Duration stallTimeout) {
        return new LocalHost(root, new HttpsFetcher(CA.clientContext(), proxies, QUICK, Duration.ofSeconds(5),
                stallTimeout));
    }

    private LocalHost host() {
        return host(HttpClientNoProxy.SELECTOR, Duration.ofSeconds(10));
    }

    @Test
    void downloadsIntoTheCachePathTrustingOnlyTheGivenCa() throws Exception {
        server.route("/artifact", TestHttpsServer.bytes(BODY));

        Download download = host().download(server.url("/artifact"), null, "/var/cache/artifact", ANY);

        assertThat(Files.readAllBytes(root.resolve("var/cache/artifact"))).isEqualTo(BODY);
        assertThat(download).isEqualTo(new Download("/var/cache/artifact", BODY.length, 1, false));
        assertThat(root.resolve("var/cache/artifact.part")).doesNotExist();
    }

    @Test
    void retriesAfterTwo503AnswersAndThenSucceeds() throws Exception {
        server.route("/flaky", TestHttpsServer.failing(2, 503, TestHttpsServer.bytes(BODY)));

        Download download = host().download(server.url("/flaky"), null, "/cache/flaky", ANY);

        assertThat(download.attempts()).isEqualTo(3);
        assertThat(server.requests()).hasSize(3);
        assertThat(Files.readAllBytes(root.resolve("cache/flaky"))).isEqualTo(BODY);
    }

    @Test
    void givesUpAfterTheConfiguredNumberOfAttemptsNamingTheLastError() {
        server.route("/down", TestHttpsServer.failing(100, 503, TestHttpsServer.bytes(BODY)));

        assertThatThrownBy(() -> host().download(server.url("/down"), null, "/cache/down", ANY))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("failed after 4 attempts").hasMessageContaining("HTTP 503");
        assertThat(server.requests()).hasSize(4);
        assertThat(root.resolve("cache/down")).doesNotExist();
    }

    @Test
    void doesNotRetryANotFoundAnswer() {
        server.route("/missing", TestHttpsServer.status(404, "no such release"));

        assertThatThrownBy(() -> host().download(server.url("/missing"), null, "/cache/missing", ANY))
                .hasMessageContaining("HTTP 404");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void resumesADownloadCutMidwayWithARangeRequest() throws Exception {
        server.route("/cut", TestHttpsServer.cutMidway(BODY));

        Download download = host().download(server.url("/cut"), null, "/cache/cut", ANY);

        assertThat(Files.readAllBytes(root.resolve("cache/cut"))).isEqualTo(BODY);
        assertThat(download.resumed()).isTrue();
        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(0)).isEqualTo("GET /cut");
        assertThat(server.requests().get(1)).matches("GET /cut Range: bytes=[1-9][0-9]*-");
    }

    @Test
    void resumesADownloadThatStalledOnceTheStallTimeoutPasses() throws Exception {
        server.route("/stall", server.stallMidway(BODY));

        Download download = host(HttpClientNoProxy.SELECTOR, Duration.ofMillis(400))
                .download(server.url("/stall"), null, "/cache/stall", ANY);

        assertThat(Files.readAllBytes(root.resolve("cache/stall"))).isEqualTo(BODY);
        assertThat(download.resumed()).isTrue();
        assertThat(server.requests().get(1)).startsWith("GET /stall Range: bytes=");
    }

    @Test
    void refusesAServerWhoseCertificateComesFromAnotherCaWithoutRetrying() {
        try (TestHttpsServer impostor = TestHttpsServer.start(TestCa.create("some other CA").serverContext())) {
            impostor.route("/artifact", TestHttpsServer.bytes(BODY));

            assertThatThrownBy(() -> host().download(impostor.url("/artifact"), null, "/cache/artifact", ANY))
                    .isInstanceOf(HostException.class)
                    .hasMessageContaining("TLS handshake failed").hasMessageContaining("certificate");
            assertThat(impostor.requests()).isEmpty();
            assertThat(root.resolve("cache/artifact")).doesNotExist();
        }
    }

    @Test
    void refusesPlainHttp() {
        assertThatThrownBy(() -> host().download("http://127.0.0.1:1/x", null, "/cache/x", ANY))
                .hasMessageContaining("only https");
    }

    @Test
    void downloadsThroughTheProxyNamedByHttpsProxy() throws Exception {
        server.route("/artifact", TestHttpsServer.bytes(BODY));
        try (TestConnectProxy proxy = new TestConnectProxy()) {
            ProxySelector proxies = ProxySettings.fromEnvironment(
                    Map.of("https_proxy", "http://127.0.0.1:" + proxy.port()), ProxySelector.getDefault());

            host(proxies, Duration.ofSeconds(10)).download(server.url("/artifact"), null, "/cache/artifact", ANY);

            assertThat(proxy.tunnels()).containsExactly("127.0.0.1:" + server.port());
            assertThat(Files.readAllBytes(root.resolve("cache/artifact"))).isEqualTo(BODY);
        }
    }

    @Test
    void goesDirectForHostsListedInNoProxy() throws Exception {
        server.route("/artifact", TestHttpsServer.bytes(BODY));
        try (TestConnectProxy proxy = new TestConnectProxy()) {
            ProxySelector proxies = ProxySettings.fromEnvironment(Map.of(
                    "HTTPS_PROXY", "127.0.0.1:" + proxy.port(), "NO_PROXY", "localhost,127.0.0.0/8"),
                    ProxySelector.getDefault());

            host(proxies, Duration.ofSeconds(10)).download(server.url("/artifact"), null, "/cache/artifact", ANY);

            assertThat(proxy.tunnels()).isEmpty();
            assertThat(server.requests()).isEqualTo(List.of("GET /artifact"));
        }
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    /** Direct connections only (the JDK default selector would also go direct for 127.0.0.1). */
    static final class HttpClientNoProxy {
        static final ProxySelector SELECTOR = java.net.http.HttpClient.Builder.NO_PROXY;
    }

    @Test
    void aDownloadGrowingPastItsAllowedSizeIsAbandonedAndItsPartialFileRemoved() {
        AtomicLong sent = new AtomicLong();
        server.route("/huge", exchange -> {
            exchange.sendResponseHeaders(200, 0);    // chunked: no length announced
            byte[] chunk = new byte[64 * 1024];
            try (var out = exchange.getResponseBody()) {
                while (sent.get() < ENDLESS) {
                    out.write(chunk);
                    sent.addAndGet(chunk.length);
                }
            } catch (java.io.IOException e) {
                // the client hung up: what the test wants
            }
        });

        assertThatThrownBy(() -> host().download(server.url("/huge"), null, "/cache/huge", 1024 * 1024))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("went past the 1048576 bytes allowed; stopped; partial file removed");
        assertThat(root.resolve("cache/huge.part")).doesNotExist();
        assertThat(root.resolve("cache/huge")).doesNotExist();
        assertThat(server.requests()).as("a size breach is not retried").hasSize(1);
        assertThat(sent.get()).as("the mirror could not send all it wanted").isLessThan(ENDLESS);
    }

    @Test
    void aDownloadAnnouncingMoreThanItsAllowedSizeIsRefusedBeforeAByteIsWritten() {
        server.route("/artifact", TestHttpsServer.bytes(BODY));

        assertThatThrownBy(() -> host().download(server.url("/artifact"), null, "/cache/artifact", 1000))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("announces 300000 bytes, more than the 1000 allowed");
        assertThat(root.resolve("cache/artifact.part")).doesNotExist();
    }

    @Test
    void aPartialFileAlreadyPastTheAllowedSizeIsNotResumed() throws Exception {
        Files.createDirectories(root.resolve("cache"));
        Files.write(root.resolve("cache/artifact.part"), randomBytes(400_000));
        server.route("/artifact", TestHttpsServer.bytes(BODY));

        host().download(server.url("/artifact"), null, "/cache/artifact", BODY.length);

        assertThat(Files.readAllBytes(root.resolve("cache/artifact"))).isEqualTo(BODY);
        assertThat(server.requests()).containsExactly("GET /artifact");
    }
}
