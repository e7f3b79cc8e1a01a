package io.kubenode.controller.api;

import io.kubenode.common.pki.CertificateAuthority;
import io.kubenode.common.pki.KeyPairs;
import io.kubenode.common.pki.Pem;
import io.kubenode.common.pki.SubjectName;
import io.kubenode.controller.cli.KubenodeController;
import io.kubenode.controller.init.InitLayout;
import io.kubenode.controller.realcheck.ExternalCommand;
import io.kubenode.controller.store.SqliteStore;
import io.kubenode.controller.token.BootstrapTokens;
import io.vertx.core.Vertx;
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
 * A real API server for tests: a data dir made by `init`, the SQLite store, port 0 on loopback, plus client
 * certificates "node1" (this CA) and "impostor" (another CA), and curl as the client.
 */
final class ApiTestServer implements AutoCloseable {
    record Answer(int status, String body) {
    }

    final Path dir;
    final InitLayout layout;
    final CertificateAuthority ca;
    final SqliteStore store;
    private final Vertx vertx = Vertx.vertx();
    private final ApiServer server;
    final int port;

    ApiTestServer(Path dir) throws Exception {
        this.dir = dir;
        layout = new InitLayout(dir.resolve("data"));
        int init = new CommandLine(new KubenodeController()).execute("init", "--data-dir",
                layout.dataDir().toString(), "--san", "127.0.0.1");
        assertThat(init).isZero();
        ca = CertificateAuthority.load(Files.readString(layout.caCertificate()), Files.readString(layout.caKey()));
        writeClient(ca, new SubjectName("node1", SubjectName.NODES), "node1");
        writeClient(CertificateAuthority.create("impostor CA"), new SubjectName("kubenode-admin", SubjectName.ADMINS),
                "impostor");
        store = SqliteStore.open(layout.dataDir());
        server = new ApiServer(vertx, store, new BootstrapTokens(store, new SecureRandom(), Clock.systemUTC()), ca);
        port = server.start(new ApiServer.Tls(layout.caCertificate(), layout.serverCertificate(), layout.serverKey()),
                "127.0.0.1", 0).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        server.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        store.close();
    }

    Answer curl(String client, String method, String path, Path body, String... headers) throws Exception {
        ExternalCommand.Result result = curlRaw(client, method, path, body, headers);
        assertThat(result.exitCode()).as(result.describe()).isZero();
        String out = result.stdout();
        int split = out.lastIndexOf('\n');
        return new Answer(Integer.parseInt(out.substring(split + 1).strip()), out.substring(0, split));
    }

    /** curl verifying the server against the CA; {@code client}: "admin", a name made by writeClient, or null. */
    ExternalCommand.Result curlRaw(String client, String method, String path, Path body, String... headers)
            throws Exception {
        List<String> argv = new ArrayList<>(List.of(ExternalCommand.require("curl"), "-sS", "--max-time", "20",
                "--cacert", layout.caCertificate().toString(), "-X", method, "-w", "\n%{http_code}"));
        if ("admin".equals(client)) {
            argv.addAll(List.of("--cert", layout.adminCertificate().toString(), "--key", layout.adminKey().toString()));
        } else if (client != null) {
            argv.addAll(List.of("--cert", dir.resolve(client + ".crt").toString(), "--key",
                    dir.resolve(client + ".key").toString()));
        }
        for (String header : headers) {
            argv.addAll(List.of("-H", header));
        }
        if (body != null) {
            argv.addAll(List.of("--data-binary", "@" + body));
        }
        argv.add("https://127.0.0.1:" + port + path);
        return ExternalCommand.run(argv, Duration.ofSeconds(30), Map.of());
    }

    private void writeClient(CertificateAuthority issuer, SubjectName subject, String name) throws Exception {
        KeyPair key = KeyPairs.ecP256();
        Files.writeString(dir.resolve(name + ".crt"), Pem.write(issuer.issueClient(key.getPublic(), subject,
                Duration.ofDays(1))), StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve(name + ".key"), Pem.write(key.getPrivate()), StandardCharsets.US_ASCII);
    }
}
