package io.kubenode.controller.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.document.Documents;
import io.kubenode.controller.realcheck.ExternalCommand;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hundreds of malformed and hostile requests against a real server, as the admin and as node1: broken and
 * explosive documents, wrong types, out-of-range numbers, odd route parameters, unserved methods, forms, oversized
 * and chunked bodies, huge headers, and raw bytes no HTTP library would send (curl, openssl). The server must answer
 * each below 500, every error as JSON with code and message, and store nothing, since none of them is valid.
 */
class HostileRequestsTest extends WithApiServer {
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(20);
    private Map<String, HttpClient> clients;

    /** What came back; {@code failure} when nothing did (a reset or a timeout). */
    record Outcome(HostileRequest request, int status, String contentType, String body, String failure) {
    }

    @BeforeAll
    void makeClients() throws Exception {
        clients = Map.of("admin", ClientTls.httpClient(ClientTls.fromAdminConfig(api.layout.adminConfig())),
                "node1", ClientTls.httpClient(ClientTls.of(api.layout.caCertificate(), dir.resolve("node1.crt"),
                        dir.resolve("node1.key"))));
    }

    @Test
    void generatedHostileRequestsGetJsonErrorsBelow500AndStoreNothing() throws Exception {
        List<HostileRequest> requests = HostileRequests.all();
        long started = System.nanoTime();

        List<Outcome> outcomes = new ArrayList<>();
        for (HostileRequest request : requests) {
            outcomes.add(send(request));
        }

        summarise("generated", outcomes, started);
        assertThat(requests).hasSizeGreaterThanOrEqualTo(200);
        assertThat(outcomes.stream().flatMap(outcome -> problems(outcome).stream())).isEmpty();
        assertNothingStored();
    }

    @Test
    void rawBytesFromCurlAndOpensslGetJsonErrorsBelow500AndStoreNothing() throws Exception {
        long started = System.nanoTime();

        List<Outcome> outcomes = new ArrayList<>(RawHostileRequests.curlCases(this::curl));
        outcomes.addAll(RawHostileRequests.opensslCases(this::openssl));

        summarise("raw", outcomes, started);
        assertThat(outcomes.stream().flatMap(outcome -> problems(outcome).stream())).isEmpty();
        assertNothingStored();
    }

    /**
     * The one answer above 499, pinned so a Vert.x upgrade that changes it is noticed: Vert.x core refuses an HTTP
     * version it does not speak with 501 and an empty body before any handler of ours runs (no hook reaches it).
     * RFC 9110 makes refusing a version a server-class answer too (505).
     */
    @Test
    void anUnknownHttpVersionIsRefusedByVertxBeforeAnyRoute() {
        Outcome outcome = openssl(RawHostileRequests.raw("HTTP/9.9", "GET /api/v1/tokens HTTP/9.9\r\n"
                + "Host: 127.0.0.1\r\n\r\n"));

        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(501);
        assertNothingStored();
    }

    @Test
    void aChunkSizeThatIsNoNumberEndsTheConnectionWithoutHanging() {
        Outcome outcome = openssl(RawHostileRequests.brokenChunk());

        // s_client ends with 0 when the server closes the connection; a hang ends in "hung: timed out"
        assertThat(outcome.failure()).as("closed by the server, not hung").startsWith("no HTTP response")
                .contains("-> exit 0");
        assertNothingStored();
    }

    /**
     * Made-up method tokens (Vert.x accepts any) from a client without a certificate, pipelined on one connection:
     * each is answered, and the request metrics keep to the fixed set of method labels, so the meter registry (a
     * counter and a percentile histogram per label set) cannot be grown from outside.
     */
    @Test
    void madeUpMethodsKeepTheRequestMetricsToAFixedSetOfLabels() throws Exception {
        int methods = 300;
        StringBuilder pipelined = new StringBuilder();
        for (int i = 0; i < methods; i++) {
            pipelined.append("MADEUP").append(i).append(" /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        }
        pipelined.append("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        String answers;
        try (var socket = new AnonymousTls(api.layout.caCertificate(), api.port).connect()) {
            AnonymousTls.send(socket, pipelined.toString());
            answers = AnonymousTls.readUntilClosed(socket, 20_000);
        }

        assertThat(answers.split("HTTP/1.1 404", -1)).as("every made-up method answered").hasSize(methods + 1);
        List<String> methodLabels = api.services.metrics().scrape().lines()
                .filter(line -> line.startsWith("kubenode_controller_http_requests_total{"))
                .map(line -> line.replaceAll(".*method=\"([^\"]*)\".*", "$1")).distinct().toList();
        assertThat(methodLabels).contains("other").isSubsetOf("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH",
                "OPTIONS", "TRACE", "CONNECT", "other");
        long histograms = api.services.metrics().scrape().lines()
                .filter(line -> line.startsWith("kubenode_controller_http_request_duration_seconds_count{")
                        && line.contains("route=\"/healthz\"")).count();
        assertThat(histograms).as("/healthz histograms after %d made-up methods", methods).isLessThanOrEqualTo(10);
    }

    private Outcome send(HostileRequest request) {
        HttpRequest.BodyPublisher body = request.body() == null ? HttpRequest.BodyPublishers.noBody()
                : request.chunked() ? HttpRequest.BodyPublishers.ofInputStream(() ->
                        new ByteArrayInputStream(request.body()))
                : HttpRequest.BodyPublishers.ofByteArray(request.body());
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + api.port
                + request.path())).timeout(ANSWER_WITHIN).method(request.method(), body);
        request.headers().forEach(builder::header);
        try {
            HttpResponse<byte[]> response = clients.get(request.client()).send(builder.build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Outcome(request, response.statusCode(), response.headers().firstValue("Content-Type")
                    .orElse(""), new String(response.body(), StandardCharsets.UTF_8), null);
        } catch (IOException e) {
            return new Outcome(request, 0, "", "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** curl as the admin, with extra {@code options}; status and type come from --write-out, the answer via a file. */
    private Outcome curl(HostileRequest request, List<String> options) {
        try {
            Path answer = Files.createTempFile(dir, "curl", ".answer");
            List<String> argv = new ArrayList<>(List.of(ExternalCommand.require("curl"), "-sS", "--max-time",
                    String.valueOf(ANSWER_WITHIN.toSeconds()), "--cacert", api.layout.caCertificate().toString(),
                    "--cert", api.layout.adminCertificate().toString(), "--key", api.layout.adminKey().toString(),
                    "-X", request.method(), "-o", answer.toString(), "-w", "%{http_code} %{content_type}"));
            if (request.body() != null) {
                Path body = Files.write(Files.createTempFile(dir, "curl", ".body"), request.body());
                argv.addAll(List.of("--data-binary", "@" + body));
            }
            request.headers().forEach((header, value) -> argv.addAll(List.of("-H", header + ": " + value)));
            if (request.chunked()) {
                argv.addAll(List.of("-H", "Transfer-Encoding: chunked"));
            }
            argv.addAll(options);
            argv.add("https://127.0.0.1:" + api.port + request.path());
            ExternalCommand.Result result = ExternalCommand.run(argv, ANSWER_WITHIN.plusSeconds(10), Map.of());
            String[] written = (result.stdout() + " ").split(" ", 2);
            int status = Integer.parseInt(written[0]);
            return status == 0 ? new Outcome(request, 0, "", "", result.describe())
                    : new Outcome(request, status, written[1].strip(), Files.readString(answer), null);
        } catch (IOException e) {
            return new Outcome(request, 0, "", "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Bytes straight onto an admin TLS connection: what the server answers to requests no client library sends. */
    private Outcome openssl(HostileRequest request) {
        try {
            Path bytes = Files.createTempFile(dir, "raw", ".http");
            Files.write(bytes, request.body());
            ExternalCommand.Result result = ExternalCommand.run(List.of("sh", "-c", ExternalCommand.require("openssl")
                    + " s_client -quiet -verify_return_error -connect 127.0.0.1:" + api.port + " -CAfile "
                    + api.layout.caCertificate() + " -cert " + api.layout.adminCertificate() + " -key "
                    + api.layout.adminKey() + " < " + bytes), ANSWER_WITHIN, Map.of());
            return RawHostileRequests.parseResponse(request, result);
        } catch (AssertionError timedOut) {
            // s_client ends when the server closes the connection; still open after the wait means a hang
            return new Outcome(request, 0, "", "", "hung: " + timedOut.getMessage());
        } catch (IOException e) {
            return new Outcome(request, 0, "", "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Everything wrong with one answer; empty when it is a proper refusal (or a harmless read). */
    static List<String> problems(Outcome outcome) {
        HostileRequest request = outcome.request();
        if (outcome.failure() != null) {
            return List.of(request + ": no answer: " + outcome.failure());
        }
        List<String> problems = new ArrayList<>();
        if (outcome.status() >= 500) {
            problems.add(request + ": " + outcome.status() + " " + outcome.body());
        }
        if (!request.isRead() && outcome.status() < 300) {
            problems.add(request + ": a write was accepted with " + outcome.status() + " " + outcome.body());
        }
        if (outcome.status() >= 400 && !outcome.contentType().startsWith("application/json")) {
            problems.add(request + ": " + outcome.status() + " with Content-Type '" + outcome.contentType() + "'");
        }
        if (outcome.status() >= 400 && !request.method().equals("HEAD") && !isJsonError(outcome.body())) {
            problems.add(request + ": " + outcome.status() + " without a JSON code and message: "
                    + abbreviate(outcome.body()));
        }
        return problems;
    }

    private static boolean isJsonError(String body) {
        try {
            JsonNode error = Documents.json().readTree(body);
            return error != null && error.path("code").isTextual() && !error.path("code").asText().isBlank()
                    && error.path("message").isTextual() && !error.path("message").asText().isBlank();
        } catch (IOException e) {
            return false;
        }
    }

    /** Neither the API nor the store shows a trace of any request: no revision, no token, no audit entry. */
    private void assertNothingStored() {
        assertThat(api.store.clusterHistory()).isEmpty();
        assertThat(api.store.tokens()).isEmpty();
        // serve's own record of init's admin.crt at start is the only entry (no request can make one like it)
        assertThat(api.store.audit(1000)).extracting(entry -> entry.who() + " " + entry.action())
                .containsExactly("kubenode-controller admin.certificate.issue");
        Outcome history = send(HostileRequest.of("history afterwards", "admin", "GET", "/api/v1/cluster/history"));
        Outcome tokens = send(HostileRequest.of("tokens afterwards", "admin", "GET", "/api/v1/tokens"));
        assertThat(List.of(history.status(), tokens.status())).containsOnly(200);
        assertThat(List.of(history.body(), tokens.body())).containsOnly("[]");
    }

    private static void summarise(String batch, List<Outcome> outcomes, long startedNanos) {
        Map<Integer, Long> byStatus = outcomes.stream().collect(Collectors.groupingBy(Outcome::status, TreeMap::new,
                Collectors.counting()));
        System.out.printf("HostileRequestsTest %s: %d requests in %d ms; answers by status %s%n", batch,
                outcomes.size(), Duration.ofNanos(System.nanoTime() - startedNanos).toMillis(), byStatus);
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
