package io.kubenode.controller.api;

import io.kubenode.common.pki.CertificateAuthority;
import io.kubenode.common.pki.KeyPairs;
import io.kubenode.common.pki.Pem;
import io.kubenode.common.pki.SubjectName;
import io.kubenode.common.status.MetricsEndpoint;
import io.kubenode.controller.cli.KubenodeController;
import io.kubenode.controller.init.InitLayout;
import io.kubenode.controller.realcheck.ExternalCommand;
import io.kubenode.controller.serve.ControllerAssembly;
import io.kubenode.controller.store.SqliteStore;
import io.kubenode.controller.store.Store;
import io.vertx.core.Vertx;
import picocli.CommandLine;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real API server for tests: a data dir made by `init`, the SQLite store, port 0 on loopback, plus client
 * certificates "node1" (this CA) and "impostor" (another CA), and curl as the client.
 */
final class ApiTestServer implements AutoCloseable {
    record Answer(int status, String body) {
    }

    static final String JSON = "Content-Type: application/json";

    final Path dir;
    final InitLayout layout;
    final CertificateAuthority ca;
    final SqliteStore store;
    /** Calls the API made to the store, by method name. */
    final Map<String, AtomicInteger> storeCalls = new ConcurrentHashMap<>();
    final ControllerServices services;
    /** The orchestration record the API shows; tests set it. */
    final FakeOrchestrationView orchestration = new FakeOrchestrationView();
    /** The rollout the API shows and acts on; tests set it. */
    final FakeRolloutControl rollouts = new FakeRolloutControl();
    private final Vertx vertx = Vertx.vertx();
    private final ApiServer server;
    final int port;

    ApiTestServer(Path dir) throws Exception {
        this(dir, ApiLimits.DEFAULTS);
    }

    ApiTestServer(Path dir, ApiLimits limits) throws Exception {
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
        services = ControllerAssembly.assemble(layout, counting(store), Clock.systemUTC())
                .withOrchestration(orchestration).withRollouts(rollouts);
        server = new ApiServer(vertx, services, limits);
        port = server.start(new ApiServer.Tls(layout.caCertificate(), layout.serverCertificate(), layout.serverKey()),
                "127.0.0.1", 0).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Where the server says the controller's own metrics listen (serve tells it once its metrics server is up). */
    void controllerMetrics(MetricsEndpoint endpoint) {
        server.controllerMetrics(endpoint);
    }

    /** The store as the API sees it, counting calls in {@link #storeCalls}. */
    private Store counting(Store real) {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[]{Store.class},
                (proxy, method, args) -> {
                    storeCalls.computeIfAbsent(method.getName(), name -> new AtomicInteger()).incrementAndGet();
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    int storeCalls(String method) {
        AtomicInteger calls = storeCalls.get(method);
        return calls == null ? 0 : calls.get();
    }

    @Override
    public void close() throws Exception {
        server.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        services.orchestrationLoop().ifPresent(io.kubenode.controller.orchestration.loop.OrchestrationLoop::close);
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

    /** Creates a bootstrap token as the admin; {@code request} is the JSON body. */
    String token(String request) throws Exception {
        Path body = Files.createTempFile(dir, "token-request", ".json");
        Files.writeString(body, request);
        Answer created = curl("admin", "POST", "/api/v1/tokens", body, JSON);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.body().replaceAll(".*\"token\":\"([a-z0-9.]+)\".*", "$1");
    }

    Answer enroll(String token, Path request) throws Exception {
        return curl(null, "POST", "/api/v1/enroll", request, "Authorization: Bearer " + token, JSON);
    }

    /** An openssl-made P-256 key ({@code node}.key) and CSR for {@code subject}, as the enrollment body. */
    Path enrollRequest(String node, String subject, String extension) throws Exception {
        Path csr = csr(node, subject, extension);
        Path body = dir.resolve(csr.getFileName() + ".json");
        Files.writeString(body, "{\"nodeName\": \"" + node + "\", \"csr\": \""
                + Files.readString(csr).replace("\n", "\\n") + "\"}");
        return body;
    }

    /** openssl req: a new P-256 key in {@code node}.key and a CSR for {@code subject}; returns the CSR file. */
    Path csr(String node, String subject, String extension) throws Exception {
        Path key = dir.resolve(node + ".key");
        Path csr = dir.resolve(node + "-" + Math.abs(subject.hashCode()) + ".csr");
        List<String> argv = new ArrayList<>(List.of("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(), "-subj", subject, "-out",
                csr.toString()));
        if (extension != null) {
            argv.addAll(List.of("-addext", extension));
        }
        ExternalCommand.Result made = ExternalCommand.run(argv);
        assertThat(made.exitCode()).as(made.describe()).isZero();
        return csr;
    }

    /** Enrolls {@code node} with a fresh one-use token: afterwards {@code node}.crt/.key are a curl client. */
    void enrolled(String node) throws Exception {
        Answer answer = enroll(token("{\"nodeName\": \"" + node + "\"}"),
                enrollRequest(node, "/O=kubenode:nodes/CN=" + node, null));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        Files.writeString(dir.resolve(node + ".crt"), pemField(answer.body(), "certificate"));
    }

    /** A PEM value of a JSON answer ({"certificate": "-----BEGIN..."}). */
    static String pemField(String json, String field) {
        return json.replaceAll(".*\"" + field + "\":\"([^\"]+)\".*", "$1").replace("\\n", "\n");
    }

    private void writeClient(CertificateAuthority issuer, SubjectName subject, String name) throws Exception {
        writeClient(issuer, subject, name, Duration.ofDays(1));
    }

    /** A client certificate and key named {@code name} (.crt/.key in the test dir) for curl. */
    void writeClient(CertificateAuthority issuer, SubjectName subject, String name, Duration validity)
            throws Exception {
        KeyPair key = KeyPairs.ecP256();
        Files.writeString(dir.resolve(name + ".crt"), Pem.write(issuer.issueClient(key.getPublic(), subject,
                validity)), StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve(name + ".key"), Pem.write(key.getPrivate()), StandardCharsets.US_ASCII);
    }
}
