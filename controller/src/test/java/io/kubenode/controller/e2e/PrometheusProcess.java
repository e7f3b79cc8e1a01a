package io.kubenode.controller.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.document.Documents;
import io.kubenode.controller.realcheck.ExternalCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Debian's real Prometheus, started by the test with its configuration and a data directory of its own, listening
 * on a free loopback port; its HTTP API read with the JDK's client. Stopped by its pid when closed.
 */
final class PrometheusProcess implements AutoCloseable {
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);
    private final Process process;
    private final Path log;
    private final String url;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusProcess(Process process, Path log, String url) {
        this.process = process;
        this.log = log;
        this.url = url;
    }

    /** Starts {@code prometheus --config.file=CONFIG} with its data under {@code dir}; returns once it is ready. */
    static PrometheusProcess start(Path config, Path dir) throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder(List.of(ExternalCommand.require("prometheus"),
                "--config.file=" + config, "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("tsdb")),
                "--web.listen-address=127.0.0.1:" + port, "--log.level=info"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusProcess prometheus = new PrometheusProcess(process, log, "http://127.0.0.1:" + port);
        try {
            await("prometheus ready (" + log + ")").atMost(READY_WITHIN).pollInterval(Duration.ofMillis(200))
                    .until(() -> !process.isAlive() || prometheus.ready());
            assertThat(process.isAlive()).as("prometheus exited:\n" + prometheus.log()).isTrue();
            return prometheus;
        } catch (RuntimeException | Error e) {
            prometheus.close();
            throw e;
        }
    }

    /** {@code GET /api/v1/query?query=EXPR}: the result vector. */
    JsonNode query(String expression) {
        return get("/api/v1/query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8))
                .path("data").path("result");
    }

    /** {@code GET /api/v1/targets}: the active targets. */
    JsonNode activeTargets() {
        return get("/api/v1/targets?state=active").path("data").path("activeTargets");
    }

    /** {@code GET /api/v1/alerts}: pending and firing alerts. */
    JsonNode alerts() {
        return get("/api/v1/alerts").path("data").path("alerts");
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean ready() {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(url + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
            JsonNode body = Documents.json().readTree(answer.body());
            assertThat(body.path("status").asText()).as(path + ": " + answer.body()).isEqualTo("success");
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM, then SIGKILL if it lingers; by its own pid. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
