package io.kubenode.controller.api;

import io.kubenode.common.pki.CertificateAuthority;
import io.kubenode.common.pki.KeyPairs;
import io.kubenode.common.pki.Pem;
import io.kubenode.common.pki.SubjectName;
import io.kubenode.controller.cli.KubenodeController;
import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.init.InitLayout;
import io.kubenode.controller.realcheck.ExternalCommand;
import io.kubenode.controller.store.SqliteStore;
import io.kubenode.controller.token.BootstrapTokens;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API over real TLS, driven by curl and openssl s_client as independent clients: who may call what, and how
 * bad requests are answered. Certificates are made per run by `init` and the CA it created.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiServerTest {
    private Path dir;

    private final Vertx vertx = Vertx.vertx();
    private InitLayout layout;
    private SqliteStore store;
    private ApiServer server;
    private int port;

    @BeforeAll
    void startTheServer(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        layout = new InitLayout(dir.resolve("data"));
        int init = new CommandLine(new KubenodeController()).execute("init", "--data-dir",
                layout.dataDir().toString(), "--san", "127.0.0.1");
        assertThat(init).isZero();
        CertificateAuthority ca = CertificateAuthority.load(Files.readString(layout.caCertificate()),
                Files.readString(layout.caKey()));
        writeClient(ca, new SubjectName("node1", SubjectName.NODES), "node1");
        writeClient(CertificateAuthority.create("impostor CA"), new SubjectName("kubenode-admin", SubjectName.ADMINS),
                "impostor");
        store = SqliteStore.open(layout.dataDir());
        server = new ApiServer(vertx, store, new BootstrapTokens(store, new SecureRandom(), Clock.systemUTC()));
        port = server.start(new ApiServer.Tls(layout.caCertificate(), layout.serverCertificate(), layout.serverKey()),
                "127.0.0.1", 0).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    void stop() throws Exception {
        server.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        store.close();
    }

    @Test
    void healthAndReadinessAnswerWithoutACertificate() throws Exception {
        assertThat(curl(null, "GET", "/healthz", null)).isEqualTo(new Answer(200, "ok\n"));
        assertThat(curl(null, "GET", "/readyz", null)).isEqualTo(new Answer(200, "ok\n"));
    }

    @Test
    void everyApiRouteWithoutACertificateIs401() throws Exception {
        for (String path : List.of("/api/v1/cluster", "/api/v1/tokens", "/api/v1/nowhere")) {
            Answer answer = curl(null, "GET", path, null);
            assertThat(answer.status()).as(path).isEqualTo(401);
            assertThat(answer.body()).contains("\"code\":\"unauthenticated\"");
        }
    }

    @Test
    void opensslWithoutACertificateCompletesTheHandshakeAndGets401() throws Exception {
        Path request = dir.resolve("request.txt");
        Files.writeString(request, "GET /api/v1/cluster HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        ExternalCommand.Result result = ExternalCommand.run(List.of("sh", "-c", "openssl s_client -quiet "
                + "-connect 127.0.0.1:" + port + " -CAfile " + layout.caCertificate() + " -verify_return_error < "
                + request));

        assertThat(result.stdout()).as(result.describe()).startsWith("HTTP/1.1 401");
    }

    @Test
    void aCertificateFromAnotherCaIsRefusedInTheHandshake() throws Exception {
        ExternalCommand.Result result = curlRaw("impostor", "GET", "/api/v1/cluster", null);

        assertThat(result.exitCode()).as(result.describe()).isNotZero();
        assertThat(result.stdout()).doesNotContain("200");
    }

    @Test
    void aNodeOnAnAdminRouteIs403() throws Exception {
        Answer answer = curl("node1", "GET", "/api/v1/cluster", null);

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body()).contains("\"code\":\"forbidden\"");
    }

    @Test
    void theAdminStoresTheClusterWithOptimisticConcurrency() throws Exception {
        Path document = SeedCluster.exampleFile();

        Answer created = curl("admin", "PUT", "/api/v1/cluster", document);
        Answer recreated = curl("admin", "PUT", "/api/v1/cluster", document);
        Answer updated = curl("admin", "PUT", "/api/v1/cluster?resourceVersion=1", document);
        Answer stale = curl("admin", "PUT", "/api/v1/cluster?resourceVersion=1", document);
        Answer current = curl("admin", "GET", "/api/v1/cluster", null);
        Answer history = curl("admin", "GET", "/api/v1/cluster/history", null);

        assertThat(created).isEqualTo(new Answer(200, "{\"resourceVersion\":1}"));
        assertThat(recreated.status()).isEqualTo(409);
        assertThat(updated).isEqualTo(new Answer(200, "{\"resourceVersion\":2}"));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.body()).contains("\"code\":\"conflict\"", "the current one is 2");
        assertThat(current.status()).isEqualTo(200);
        assertThat(current.body()).contains("\"resourceVersion\":2", "\"author\":\"kubenode-admin\"",
                "name: lab");
        assertThat(history.body()).contains("\"resourceVersion\":1", "\"resourceVersion\":2");
    }

    @Test
    void anInvalidDocumentIs422WithFieldPathsAndNothingIsStored() throws Exception {
        Path invalid = dir.resolve("invalid.yaml");
        Files.writeString(invalid, SeedCluster.exampleText().replace("port: 8888", "port: 70000"));
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "apiVersion: [unclosed\n");

        Answer answer = curl("admin", "PUT", "/api/v1/cluster?resourceVersion=99", invalid);
        Answer syntax = curl("admin", "PUT", "/api/v1/cluster?resourceVersion=99", broken);

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.body()).contains("\"code\":\"invalid\"", "spec.controlPlaneEndpoint.port");
        assertThat(syntax.status()).isEqualTo(422);
        assertThat(syntax.body()).contains("syntax error");
        assertThat(store.clusterHistory()).allSatisfy(revision -> assertThat(revision.text()).contains("8888"));
    }

    @Test
    void aBodyOverOneMebibyteIs413AndABadVersionIs400() throws Exception {
        Path huge = dir.resolve("huge.yaml");
        Files.write(huge, new byte[(int) ApiServer.MAX_BODY_BYTES + 1]);

        assertThat(curl("admin", "PUT", "/api/v1/cluster?resourceVersion=1", huge).status()).isEqualTo(413);
        assertThat(curl("admin", "PUT", "/api/v1/cluster?resourceVersion=x", SeedCluster.exampleFile()).status())
                .isEqualTo(400);
        assertThat(curl("admin", "GET", "/api/v1/nowhere", null).status()).isEqualTo(404);
    }

    @Test
    void tokensAreShownOnceListedWithoutSecretsAndRevoked() throws Exception {
        Path request = dir.resolve("token.json");
        Files.writeString(request, "{\"ttlSeconds\": 600, \"uses\": 2, \"nodeName\": \"node4\"}");
        Path bad = dir.resolve("bad-token.json");
        Files.writeString(bad, "{\"uses\": 0}");

        Answer created = curl("admin", "POST", "/api/v1/tokens", request);
        String token = created.body().replaceAll(".*\"token\":\"([a-z0-9.]+)\".*", "$1");
        String id = token.substring(0, 6);
        Answer listed = curl("admin", "GET", "/api/v1/tokens", null);
        Answer revoked = curl("admin", "DELETE", "/api/v1/tokens/" + id, null);
        Answer unknown = curl("admin", "DELETE", "/api/v1/tokens/zzzzzz", null);

        assertThat(created.status()).isEqualTo(201);
        assertThat(token).matches("[a-z0-9]{6}\\.[a-z0-9]{16}");
        assertThat(listed.body()).contains("\"id\":\"" + id + "\"", "\"usesLeft\":2", "\"nodeName\":\"node4\"")
                .doesNotContain(token.substring(7));
        assertThat(revoked.status()).isEqualTo(204);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(curl("admin", "POST", "/api/v1/tokens", bad).status()).isEqualTo(422);
        assertThat(curl("node1", "POST", "/api/v1/tokens", request).status()).isEqualTo(403);
    }

    record Answer(int status, String body) {
    }

    private Answer curl(String client, String method, String path, Path body) throws Exception {
        ExternalCommand.Result result = curlRaw(client, method, path, body);
        assertThat(result.exitCode()).as(result.describe()).isZero();
        String out = result.stdout();
        int split = out.lastIndexOf('\n');
        return new Answer(Integer.parseInt(out.substring(split + 1).strip()), out.substring(0, split));
    }

    /** curl verifying the server against the CA; {@code client}: admin, a name written by writeClient, or none. */
    private ExternalCommand.Result curlRaw(String client, String method, String path, Path body) throws Exception {
        List<String> argv = new ArrayList<>(List.of(ExternalCommand.require("curl"), "-sS", "--max-time", "20",
                "--cacert", layout.caCertificate().toString(), "-X", method, "-w", "\n%{http_code}"));
        if ("admin".equals(client)) {
            argv.addAll(List.of("--cert", layout.adminCertificate().toString(), "--key", layout.adminKey().toString()));
        } else if (client != null) {
            argv.addAll(List.of("--cert", dir.resolve(client + ".crt").toString(), "--key",
                    dir.resolve(client + ".key").toString()));
        }
        if (body != null) {
            argv.addAll(List.of("-H", "Content-Type: application/yaml", "--data-binary", "@" + body));
        }
        argv.add("https://127.0.0.1:" + port + path);
        return ExternalCommand.run(argv, Duration.ofSeconds(30), Map.of());
    }

    private void writeClient(CertificateAuthority ca, SubjectName subject, String name) throws Exception {
        KeyPair key = KeyPairs.ecP256();
        Files.writeString(dir.resolve(name + ".crt"), Pem.write(ca.issueClient(key.getPublic(), subject,
                Duration.ofDays(1))), StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve(name + ".key"), Pem.write(key.getPrivate()), StandardCharsets.US_ASCII);
    }
}
