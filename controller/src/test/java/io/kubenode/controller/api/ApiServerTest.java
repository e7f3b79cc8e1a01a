package io.kubenode.controller.api;

import io.kubenode.common.document.Documents;
import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.realcheck.ExternalCommand;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API over real TLS, driven by curl and openssl s_client as independent clients: who may call what, and how
 * bad requests are answered. Certificates are made per run by `init` and the CA it created.
 */
class ApiServerTest extends WithApiServer {

    @Test
    void healthAndReadinessAnswerWithoutACertificate() throws Exception {
        assertThat(curl(null, "GET", "/healthz", null)).isEqualTo(new ApiTestServer.Answer(200, "ok\n"));
        assertThat(curl(null, "GET", "/readyz", null)).isEqualTo(new ApiTestServer.Answer(200, "ok\n"));
    }

    @Test
    void everyApiRouteWithoutACertificateIs401() throws Exception {
        for (String path : List.of("/api/v1/cluster", "/api/v1/tokens", "/api/v1/nowhere")) {
            ApiTestServer.Answer answer = curl(null, "GET", path, null);
            assertThat(answer.status()).as(path).isEqualTo(401);
            assertThat(answer.body()).contains("\"code\":\"unauthenticated\"");
        }
    }

    @Test
    void opensslWithoutACertificateCompletesTheHandshakeAndGets401() throws Exception {
        Path request = dir.resolve("request.txt");
        Files.writeString(request, "GET /api/v1/cluster HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        ExternalCommand.Result result = ExternalCommand.run(List.of("sh", "-c", "openssl s_client -quiet "
                + "-connect 127.0.0.1:" + api.port + " -CAfile " + api.layout.caCertificate() + " -verify_return_error < "
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
        ApiTestServer.Answer answer = curl("node1", "GET", "/api/v1/cluster", null);

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body()).contains("\"code\":\"forbidden\"");
    }

    @Test
    void theAdminStoresTheClusterWithOptimisticConcurrency() throws Exception {
        Path document = SeedCluster.exampleFile();

        ApiTestServer.Answer created = curl("admin", "PUT", "/api/v1/cluster", document);
        ApiTestServer.Answer recreated = curl("admin", "PUT", "/api/v1/cluster", document);
        ApiTestServer.Answer updated = curl("admin", "PUT", "/api/v1/cluster?resourceVersion=1", document);
        ApiTestServer.Answer stale = curl("admin", "PUT", "/api/v1/cluster?resourceVersion=1", document);
        ApiTestServer.Answer current = curl("admin", "GET", "/api/v1/cluster", null);
        ApiTestServer.Answer history = curl("admin", "GET", "/api/v1/cluster/history", null);

        assertThat(created).isEqualTo(new ApiTestServer.Answer(200, "{\"nodes\":" + nodes(1, true)
                + ",\"resourceVersion\":1,\"warnings\":[]}"));
        assertThat(recreated.status()).isEqualTo(409);
        // The same document again: a new revision, but no node's catalog changed, so no generation moved.
        assertThat(updated).isEqualTo(new ApiTestServer.Answer(200, "{\"nodes\":" + nodes(1, false)
                + ",\"resourceVersion\":2,\"warnings\":[]}"));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.body()).contains("\"code\":\"conflict\"", "the current one is 2");
        assertThat(current.status()).isEqualTo(200);
        assertThat(current.body()).contains("\"resourceVersion\":2", "\"author\":\"kubenode-admin\"",
                "name: lab");
        assertThat(history.body()).contains("\"resourceVersion\":1", "\"resourceVersion\":2");
    }

    @Test
    void aNewVrrpPasswordIsStoredWithAWarningThatTheVipIsAnnouncedTwiceWhileItRolls() throws Exception {
        Path document = SeedCluster.exampleFile();
        Path newPassword = dir.resolve("new-password.yaml");
        Files.writeString(newPassword, SeedCluster.exampleText().replace("authPass: \"ZqSj#f1G\"",
                "authPass: \"Xk2#pQ7w\""));
        assertThat(Files.readString(newPassword)).isNotEqualTo(SeedCluster.exampleText());

        long version = storedVersion(curl("admin", "PUT", "/api/v1/cluster?resourceVersion=" + currentVersion(),
                document));
        ApiTestServer.Answer rolled = curl("admin", "PUT", "/api/v1/cluster?resourceVersion=" + version, newPassword);
        ApiTestServer.Answer back = curl("admin", "PUT", "/api/v1/cluster?resourceVersion=" + storedVersion(rolled)
                + "&rollout=all-at-once", document);

        assertThat(rolled.status()).isEqualTo(200);
        assertThat(rolled.body()).contains("\"warnings\":[\"spec.loadBalancer.keepalived.authPass: warning: changed "
                + "on running control planes, which names a new VRRP group: the rollout restarts keepalived one "
                + "control plane at a time").contains("announced by two control planes at once")
                .doesNotContain("Xk2#pQ7w").doesNotContain("ZqSj#f1G");
        assertThat(back.status()).isEqualTo(200);
        assertThat(back.body()).contains("authPass: warning: changed on running control planes, which names a new "
                + "VRRP group: every control plane restarts keepalived at once");
    }

    @Test
    void anInvalidDocumentIs422WithFieldPathsAndNothingIsStored() throws Exception {
        Path invalid = dir.resolve("invalid.yaml");
        Files.writeString(invalid, SeedCluster.exampleText().replace("port: 8888", "port: 70000"));
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "apiVersion: [unclosed\n");

        ApiTestServer.Answer answer = curl("admin", "PUT", "/api/v1/cluster?resourceVersion=99", invalid);
        ApiTestServer.Answer syntax = curl("admin", "PUT", "/api/v1/cluster?resourceVersion=99", broken);

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.body()).contains("\"code\":\"invalid\"", "spec.controlPlaneEndpoint.port");
        assertThat(syntax.status()).isEqualTo(422);
        assertThat(syntax.body()).contains("syntax error");
        assertThat(api.store.clusterHistory()).allSatisfy(revision -> assertThat(revision.text()).contains("8888"));
    }

    @Test
    void aBodyOverOneMebibyteIs413AndABadVersionIs400() throws Exception {
        Path huge = dir.resolve("huge.yaml");
        Files.write(huge, new byte[(int) ApiServer.MAX_BODY_BYTES + 1]);

        assertThat(curl("admin", "PUT", "/api/v1/cluster?resourceVersion=1", huge).status()).isEqualTo(413);
        assertThat(curl("admin", "PUT", "/api/v1/cluster?resourceVersion=x", SeedCluster.exampleFile()).status())
                .isEqualTo(400);
        assertThat(curl("admin", "GET", "/api/v1/nowhere", null).status()).isEqualTo(404);
        ApiTestServer.Answer form = api.curl("admin", "PUT", "/api/v1/cluster?resourceVersion=1",
                SeedCluster.exampleFile());
        assertThat(form.status()).as("curl's default form type").isEqualTo(415);
        assertThat(form.body()).contains("application/yaml");
    }

    @Test
    void tokensAreShownOnceListedWithoutSecretsAndRevoked() throws Exception {
        Path request = dir.resolve("token.json");
        Files.writeString(request, "{\"ttlSeconds\": 600, \"uses\": 2, \"nodeName\": \"node4\"}");
        Path bad = dir.resolve("bad-token.json");
        Files.writeString(bad, "{\"uses\": 0}");

        ApiTestServer.Answer created = curl("admin", "POST", "/api/v1/tokens", request);
        String token = created.body().replaceAll(".*\"token\":\"([a-z0-9.]+)\".*", "$1");
        String id = token.substring(0, 6);
        ApiTestServer.Answer listed = curl("admin", "GET", "/api/v1/tokens", null);
        ApiTestServer.Answer revoked = curl("admin", "DELETE", "/api/v1/tokens/" + id, null);
        ApiTestServer.Answer unknown = curl("admin", "DELETE", "/api/v1/tokens/zzzzzz", null);

        assertThat(created.status()).isEqualTo(201);
        assertThat(token).matches("[a-z0-9]{6}\\.[a-z0-9]{16}");
        assertThat(listed.body()).contains("\"id\":\"" + id + "\"", "\"usesLeft\":2", "\"nodeName\":\"node4\"")
                .doesNotContain(token.substring(7));
        assertThat(revoked.status()).isEqualTo(204);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(curl("admin", "POST", "/api/v1/tokens", bad).status()).isEqualTo(422);
        assertThat(curl("node1", "POST", "/api/v1/tokens", request).status()).isEqualTo(403);
    }

    private ApiTestServer.Answer curl(String client, String method, String path, Path body) throws Exception {
        return body == null ? api.curl(client, method, path, null)
                : api.curl(client, method, path, body, "Content-Type: application/yaml");
    }

    private ExternalCommand.Result curlRaw(String client, String method, String path, Path body) throws Exception {
        return api.curlRaw(client, method, path, body);
    }

    /** The stored document's resourceVersion; 0 before the first. */
    private long currentVersion() throws Exception {
        ApiTestServer.Answer current = curl("admin", "GET", "/api/v1/cluster", null);
        return current.status() == 404 ? 0 : storedVersion(current);
    }

    private static long storedVersion(ApiTestServer.Answer answer) throws Exception {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return Documents.json().readTree(answer.body()).path("resourceVersion").asLong();
    }

    /** The "nodes" object of a PUT answer for the example's five nodes, all at one generation. */
    private static String nodes(long generation, boolean changed) {
        return IntStream.rangeClosed(1, 5).mapToObj(i -> "\"node" + i + ".internal\":{\"changed\":" + changed
                + ",\"generation\":" + generation + "}").collect(Collectors.joining(",", "{", "}"));
    }
}
