package io.kubenode.controller.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.document.Documents;
import io.kubenode.controller.api.ApiError;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * kubenodectl's one way to the controller: HTTPS with the config's CA as the only trust anchor and its client
 * certificate, JSON in and out, and every failure turned into an {@link ApiException} that says what happened in
 * words (the controller's {@code {code, message, details}}, or why there was no answer). Never retries: a refused
 * request is the caller's to judge.
 */
public final class ApiClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_PLAIN_ERROR = 200;

    private final ClientConfig config;
    private final HttpClient http;

    public ApiClient(ClientConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().sslContext(config.sslContext()).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public URI server() {
        return config.server();
    }

    /** GET and read the JSON answer as {@code type}; fields this client does not know are ignored. */
    public <T> T get(String path, JavaType type) {
        return read(send("GET", path, null, null), type);
    }

    public <T> T get(String path, Class<T> type) {
        return get(path, Documents.json().constructType(type));
    }

    /** Sends a JSON body (null: none) and reads the answer as {@code type} (null: ignore it). */
    public <T> T sendJson(String method, String path, Object body, Class<T> type) {
        byte[] bytes = body == null ? null : Documents.canonicalJson(body).getBytes(StandardCharsets.UTF_8);
        byte[] answer = send(method, path, bytes, body == null ? null : "application/json");
        return type == null ? null : read(answer, Documents.json().constructType(type));
    }

    /** Sends a document (YAML or JSON text) and reads the JSON answer as {@code type}. */
    public <T> T sendDocument(String method, String path, String text, Class<T> type) {
        String contentType = Documents.forText(text) == Documents.json() ? "application/json" : "application/yaml";
        return read(send(method, path, text.getBytes(StandardCharsets.UTF_8), contentType),
                Documents.json().constructType(type));
    }

    private byte[] send(String method, String path, byte[] body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.server() + path))
                .timeout(REQUEST_TIMEOUT).header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.noAnswer("interrupted while waiting for " + config.server(), e);
        } catch (IOException e) {
            throw ApiException.noAnswer(describe(e), e);
        }
        if (response.statusCode() >= 400) {
            throw ApiException.answered(response.statusCode(), error(response.statusCode(), response.body()));
        }
        return response.body();
    }

    private <T> T read(byte[] body, JavaType type) {
        try {
            return Documents.json().readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(body);
        } catch (IOException e) {
            throw ApiException.noAnswer("the controller at " + config.server() + " answered something that is not "
                    + "the expected JSON: " + e.getMessage(), e);
        }
    }

    /** The controller's JSON error, or (from something else on the way, a proxy) the status and the body's start. */
    private static ApiError error(int status, byte[] body) {
        try {
            JsonNode node = Documents.json().readTree(body);
            if (node != null && node.hasNonNull("code") && node.hasNonNull("message")) {
                List<String> details = new ArrayList<>();
                node.path("details").forEach(detail -> details.add(detail.asText()));
                return new ApiError(node.get("code").asText(), node.get("message").asText(), details);
            }
        } catch (IOException e) {
            // not JSON: described below
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        String shown = text.length() > MAX_PLAIN_ERROR ? text.substring(0, MAX_PLAIN_ERROR) + "..." : text;
        return new ApiError("http_" + status, shown.isEmpty() ? "(no body)" : shown, List.of());
    }

    private String describe(IOException failure) {
        String where = "the controller at " + config.server() + " (config " + config.file() + ")";
        if (failure instanceof HttpConnectTimeoutException) {
            return "cannot reach " + where + ": no connection within " + CONNECT_TIMEOUT.toSeconds() + "s";
        }
        if (failure instanceof HttpTimeoutException) {
            return "no answer from " + where + " within " + REQUEST_TIMEOUT.toSeconds() + "s";
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException) {
                return "TLS with " + where + " failed: " + cause.getMessage() + tlsHint(cause);
            }
            if (cause instanceof UnresolvedAddressException) {
                return "cannot reach " + where + ": unknown host " + config.server().getHost();
            }
            if (cause instanceof ConnectException) {
                return "cannot reach " + where + ": connection refused (is kubenode-controller serve running?)";
            }
        }
        return "cannot reach " + where + ": " + failure;
    }

    private String tlsHint(Throwable cause) {
        String message = String.valueOf(cause.getMessage());
        if (message.contains("PKIX") || message.contains("certification path")) {
            return " (the server's certificate is not signed by the CA in " + config.certificateAuthority() + ")";
        }
        if (message.contains("subject alternative") || message.contains("No name matching")) {
            return " (the server's certificate does not name " + config.server().getHost() + ")";
        }
        return "";
    }
}
