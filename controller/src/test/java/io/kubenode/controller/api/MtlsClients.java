package io.kubenode.controller.api;

import io.kubenode.controller.realcheck.ExternalCommand;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

import javax.net.ssl.X509ExtendedKeyManager;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The three independent TLS clients of the mTLS matrix, each verifying the server against the cluster CA only and
 * presenting the same certificate and key files: curl (libcurl + OpenSSL), {@code openssl s_client} with a raw
 * HTTP/1.1 request on its stdin, and a Vert.x HttpClient (JDK TLS). A new connection per request.
 */
final class MtlsClients implements AutoCloseable {
    enum Client { CURL, OPENSSL, VERTX }

    /** Who calls: the certificate and key files in the test dir, or none at all. */
    enum Credential {
        NONE(null), ADMIN("admin"), NODE_A("node-a"), NODE_B("node-b"), OTHER_CA("impostor"),
        LOOKALIKE_CA("lookalike"), SERVER_CERT("server-as-client"), EXPIRED("expired"), REVOKED("node4.internal"),
        REVOKED_ADMIN("admin-revoked"), RENEWED_THEN_REVOKED("node6-renewed"), RENEWED_FROM("node6.internal"),
        MONITORING("monitoring"), REVOKED_MONITORING("monitoring-revoked");

        final String file;

        Credential(String file) {
            this.file = file;
        }
    }

    /** What a request carries besides method and path. */
    record Payload(Map<String, String> headers, byte[] body) {
        static final Payload NONE = new Payload(Map.of(), new byte[0]);

        static Payload json(String body, Map<String, String> more) {
            Map<String, String> headers = new LinkedHashMap<>(more);
            headers.put("Content-Type", "application/json");
            return new Payload(headers, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** What came back: an HTTP status and body, or (status 0) no HTTP answer and what the client reported. */
    record Answer(int status, String body, String failure) {
        static Answer none(String failure) {
            return new Answer(0, "", failure);
        }
    }

    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(20);

    private final ApiTestServer api;
    private final Vertx vertx = Vertx.vertx();
    private final Map<Credential, HttpClientAgent> vertxClients = new EnumMap<>(Credential.class);

    MtlsClients(ApiTestServer api) {
        this.api = api;
    }

    Answer send(Client client, Credential credential, String method, String path, Payload payload)
            throws Exception {
        return switch (client) {
            case CURL -> curl(credential, method, path, payload);
            case OPENSSL -> openssl(credential, method, path, payload);
            case VERTX -> vertx(credential, method, path, payload);
        };
    }

    Path certificate(Credential credential) {
        return credential == Credential.ADMIN ? api.layout.adminCertificate()
                : api.dir.resolve(credential.file + ".crt");
    }

    Path key(Credential credential) {
        return credential == Credential.ADMIN ? api.layout.adminKey() : api.dir.resolve(credential.file + ".key");
    }

    private Answer curl(Credential credential, String method, String path, Payload payload) throws Exception {
        Path body = payload.body().length == 0 ? null
                : Files.write(Files.createTempFile(api.dir, "curl", ".body"), payload.body());
        List<String> headers = new ArrayList<>();
        payload.headers().forEach((name, value) -> headers.add(name + ": " + value));
        ExternalCommand.Result result = api.curlRaw(credential.file, method, path, body,
                headers.toArray(String[]::new));
        String out = result.stdout();
        int split = out.lastIndexOf('\n');
        int status = Integer.parseInt(out.substring(split + 1).strip());
        return status == 0 ? Answer.none("curl exit " + result.exitCode() + ": " + result.stderr().strip())
                : new Answer(status, out.substring(0, split), null);
    }

    private Answer openssl(Credential credential, String method, String path, Payload payload) throws Exception {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\nContent-Length: " + payload.body().length + "\r\n");
        payload.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        request.writeBytes(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        request.writeBytes(payload.body());
        Path raw = Files.write(Files.createTempFile(api.dir, "s_client", ".http"), request.toByteArray());
        // -quiet: no session dump, and s_client keeps reading after its stdin ends until the server closes
        String command = ExternalCommand.require("openssl") + " s_client -quiet -verify_return_error -verify_ip "
                + "127.0.0.1 -connect 127.0.0.1:" + api.port + " -CAfile " + api.layout.caCertificate()
                + (credential == Credential.NONE ? ""
                : " -cert " + certificate(credential) + " -key " + key(credential)) + " < " + raw;
        ExternalCommand.Result result = ExternalCommand.run(List.of("sh", "-c", command), ANSWER_WITHIN, Map.of());
        String out = result.stdout();
        int headersEnd = out.indexOf("\r\n\r\n");
        if (!out.startsWith("HTTP/1.1 ") || headersEnd < 0) {
            return Answer.none("s_client exit " + result.exitCode() + ": " + result.stderr().strip());
        }
        return new Answer(Integer.parseInt(out.substring(9, 12)), out.substring(headersEnd + 4), null);
    }

    private Answer vertx(Credential credential, String method, String path, Payload payload) throws Exception {
        HttpClientAgent client = vertxClients.computeIfAbsent(credential, this::vertxClient);
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.valueOf(method)).setHost("127.0.0.1")
                .setPort(api.port).setURI(path);
        payload.headers().forEach(request::putHeader);
        try {
            return client.request(request)
                    .compose(sent -> sent.send(Buffer.buffer(payload.body())))
                    .compose(response -> response.body().map(body -> new Answer(response.statusCode(),
                            body.toString(StandardCharsets.UTF_8), null)))
                    .toCompletionStage().toCompletableFuture().get(ANSWER_WITHIN.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return Answer.none(e.getCause().toString());
        }
    }

    /** Trust: the cluster CA only, host verified; identity: the credential's PEM files (none for NONE). */
    private HttpClientAgent vertxClient(Credential credential) {
        HttpClientOptions options = new HttpClientOptions().setSsl(true).setVerifyHost(true).setKeepAlive(false)
                .setConnectTimeout(10_000).setIdleTimeout(20)
                .setTrustOptions(new PemTrustOptions().addCertPath(api.layout.caCertificate().toString()));
        if (credential != Credential.NONE) {
            PemKeyCertOptions pem = new PemKeyCertOptions().setCertPath(certificate(credential).toString())
                    .setKeyPath(key(credential).toString());
            try {
                X509ExtendedKeyManager loaded = (X509ExtendedKeyManager) pem.getKeyManagerFactory(vertx)
                        .getKeyManagers()[0];
                options.setKeyCertOptions(new InsistingKeyManager(loaded));
            } catch (Exception e) {
                throw new IllegalStateException("cannot load " + certificate(credential), e);
            }
        }
        return vertx.createHttpClient(options);
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
