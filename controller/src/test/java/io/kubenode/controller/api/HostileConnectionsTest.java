package io.kubenode.controller.api;

import io.kubenode.controller.realcheck.ExternalCommand;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLSocket;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile connections rather than hostile requests: clients that send slowly, hold connections without a
 * certificate, park long polls or hammer /readyz. The server here reads with a 1 s timeout so that slow clients
 * are cut off quickly; the flood test starts a server of its own with a small anonymous-connection cap.
 */
class HostileConnectionsTest extends WithApiServer {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration SLACK = Duration.ofMillis(1500);
    private HttpClient admin;

    @Override
    ApiLimits limits() {
        return ApiLimits.DEFAULTS.withRequestReadTimeout(READ_TIMEOUT);
    }

    /** A client per test: connections another test left in a pool were closed by the server (idle). */
    @BeforeEach
    void adminClient() throws Exception {
        admin = ClientTls.httpClient(ClientTls.fromAdminConfig(api.layout.adminConfig()));
    }

    @Test
    void aClientSendingItsHeadersSlowlyIsCutOffWithinTheReadTimeout() throws Exception {
        try (SSLSocket socket = anonymous()) {
            long started = System.nanoTime();
            Thread dribble = dribble(socket, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                    + "a".repeat(200));

            String answer = AnonymousTls.readUntilClosed(socket, 10_000);
            Duration open = Duration.ofNanos(System.nanoTime() - started);
            dribble.interrupt();

            assertThat(answer).as("closed without an answer").isEmpty();
            assertThat(open).as("cut off after the read timeout").isBetween(READ_TIMEOUT.minusMillis(100),
                    READ_TIMEOUT.plus(SLACK));
        }
    }

    @Test
    void aClientSendingItsBodySlowlyIsCutOffWithinTwoReadTimeouts() throws Exception {
        try (SSLSocket socket = anonymous()) {
            long started = System.nanoTime();
            Thread dribble = dribble(socket, "POST /api/v1/enroll HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                    + "application/json\r\nContent-Length: 5000\r\n\r\n" + "{".repeat(4000));

            String answer = AnonymousTls.readUntilClosed(socket, 10_000);
            Duration open = Duration.ofNanos(System.nanoTime() - started);
            dribble.interrupt();

            assertThat(answer).as("closed without an answer").isEmpty();
            assertThat(open).isLessThan(READ_TIMEOUT.multipliedBy(2).plus(SLACK));
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterAtMostTwoReadTimeouts() throws Exception {
        try (SSLSocket socket = anonymous()) {
            AnonymousTls.send(socket, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            long started = System.nanoTime();

            String answer = AnonymousTls.readUntilClosed(socket, 10_000);
            Duration open = Duration.ofNanos(System.nanoTime() - started);

            assertThat(answer).startsWith("HTTP/1.1 200").doesNotContain("<still open>");
            assertThat(open).isLessThan(READ_TIMEOUT.multipliedBy(2).plus(SLACK));
        }
    }

    /**
     * An agent holds one watch; the default cap is 4 per node. The fifth is refused at once, and the four parked
     * ones, waiting longer than the read timeout, are answered (a long poll is not a slow client).
     */
    @Test
    void aNodeGetsFourParkedWatchesAndTheFifthIsRefusedAtOnce() throws Exception {
        String watch = "/api/v1/nodes/ghost.internal/catalog?after=0&wait=3";
        List<CompletableFuture<HttpResponse<String>>> parked = new ArrayList<>();
        for (int i = 0; i < ApiLimits.DEFAULTS.maxWatchesPerNode(); i++) {
            parked.add(admin.sendAsync(get(watch), HttpResponse.BodyHandlers.ofString()));
        }
        awaitWaiting(ApiLimits.DEFAULTS.maxWatchesPerNode());

        long started = System.nanoTime();
        HttpResponse<String> fifth = admin.send(get(watch), HttpResponse.BodyHandlers.ofString());
        Duration answeredIn = Duration.ofNanos(System.nanoTime() - started);

        assertThat(fifth.statusCode()).as(fifth.body()).isEqualTo(429);
        assertThat(fifth.body()).contains("\"code\":\"too_many_watches\"");
        assertThat(answeredIn).isLessThan(Duration.ofSeconds(2));
        for (CompletableFuture<HttpResponse<String>> each : parked) {
            assertThat(each.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(304);
        }
    }

    /** Readiness is probed at most once a second, however many anonymous callers ask. */
    @Test
    void aFloodOfReadinessChecksReadsTheStoreAtMostOnceASecond() throws Exception {
        int before = api.storeCalls("currentCluster") + api.storeCalls("nodeGeneration");
        long started = System.nanoTime();

        // four connections at a time: handshakes on a loaded machine must not outlast the 1 s read timeout
        for (int round = 0; round < 75; round++) {
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(admin.sendAsync(get("/readyz"), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> each : answers) {
                assertThat(each.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
        }

        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        int reads = api.storeCalls("currentCluster") + api.storeCalls("nodeGeneration") - before;
        assertThat(reads).as("store reads for 300 readiness checks in %d s", seconds + 1)
                .isLessThanOrEqualTo((int) seconds + 2);
    }

    /**
     * 10,000 connections without a certificate from another process: 60 finish TLS and start a request that never
     * ends, exhausting the anonymous cap (50 here), and 9,940 never start TLS. Another anonymous connection is closed
     * without an answer, while an admin request is answered in under a second. (Few TLS ones: on a loaded test
     * machine a handshake costs the client JVM up to 100 ms.)
     */
    @Test
    void tenThousandConnectionsWithoutACertificateDoNotKeepAnAdminWaiting(@TempDir Path tempDir) throws Exception {
        ApiLimits small = new ApiLimits(Duration.ofSeconds(60), Duration.ofSeconds(60), 50, 4, 64, 30);
        try (ApiTestServer flooded = new ApiTestServer(tempDir, small)) {
            Process flood = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", Path.of(ConnectionFlood.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString(), ConnectionFlood.class.getName(), String.valueOf(flooded.port),
                    flooded.layout.caCertificate().toString(), "60", "9940")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                long floodStarted = System.nanoTime();
                String ready = new BufferedReader(new InputStreamReader(flood.getInputStream(),
                        StandardCharsets.US_ASCII)).readLine();
                System.out.printf("HostileConnectionsTest flood: %s after %d ms%n", ready,
                        Duration.ofNanos(System.nanoTime() - floodStarted).toMillis());
                assertThat(ready).startsWith("ready ");
                String[] opened = ready.split(" ");
                assertThat(Integer.parseInt(opened[1]) + Integer.parseInt(opened[2])).as(ready)
                        .isGreaterThanOrEqualTo(9_900);

                // curl: a new connection and handshake, without a cold JVM client's own start-up in the time
                ExternalCommand.Result tokens = ExternalCommand.run(List.of(ExternalCommand.require("curl"), "-sS",
                        "-o", "/dev/null", "--max-time", "10", "--cacert", flooded.layout.caCertificate().toString(),
                        "--cert", flooded.layout.adminCertificate().toString(), "--key",
                        flooded.layout.adminKey().toString(), "-w", "%{http_code} %{time_total}",
                        "https://127.0.0.1:" + flooded.port + "/api/v1/tokens"), Duration.ofSeconds(20), Map.of());
                String anonymousAnswer = anonymousHealthCheck(flooded);

                String[] written = tokens.stdout().strip().split(" ");
                System.out.printf("HostileConnectionsTest flood: admin answered %s in %s s; another anonymous "
                        + "connection got %s%n", written[0], written.length > 1 ? written[1] : "?",
                        anonymousAnswer.isEmpty() ? "closed, no answer" : anonymousAnswer);
                assertThat(written[0]).as(tokens.describe()).isEqualTo("200");
                assertThat(Double.parseDouble(written[1])).as("seconds until the admin was answered while flooded")
                        .isLessThan(1.0);
                assertThat(anonymousAnswer).as("another anonymous connection, over the cap").doesNotContain("HTTP/1.1");
            } finally {
                flood.getOutputStream().close();
                if (!flood.waitFor(30, TimeUnit.SECONDS)) {
                    flood.destroyForcibly();
                }
            }
        }
    }

    private static String anonymousHealthCheck(ApiTestServer server) throws Exception {
        try (SSLSocket socket = new AnonymousTls(server.layout.caCertificate(), server.port).connect()) {
            AnonymousTls.send(socket, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            return AnonymousTls.readUntilClosed(socket, 5000);
        } catch (IOException refused) {
            return "refused: " + refused;
        }
    }

    private SSLSocket anonymous() throws Exception {
        return new AnonymousTls(api.layout.caCertificate(), api.port).connect();
    }

    /** Sends {@code text} one byte every 100 ms on a thread of its own, until the server hangs up. */
    private static Thread dribble(SSLSocket socket, String text) {
        Thread thread = new Thread(() -> {
            try {
                for (byte each : text.getBytes(StandardCharsets.US_ASCII)) {
                    socket.getOutputStream().write(each);
                    socket.getOutputStream().flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException closed) {
                // the server hung up, or the test is done
            }
        }, "dribble");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + api.port + path))
                .timeout(Duration.ofSeconds(20)).build();
    }

    private void awaitWaiting(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (api.services.catalogs().watches().waiting() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(api.services.catalogs().watches().waiting()).isEqualTo(count);
    }
}
