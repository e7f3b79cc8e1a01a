package io.kubenode.controller.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.document.Documents;
import io.kubenode.common.pki.Pem;
import io.kubenode.controller.clusterpki.ClusterPki;
import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.realcheck.ExternalCommand;
import io.kubenode.controller.store.AuditEntry;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * POST /api/v1/kubeconfig over real mTLS: the certificate it mints is checked by openssl (subject, issuer = the
 * cluster CA, validity = ttl, openssl verify), the answer carries no private key, the mint is audited, and bad
 * requests are refused with the field and the bound. The first test runs before any cluster document exists.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubeconfigRoutesTest extends WithApiServer {
    private static final String ROUTE = "/api/v1/kubeconfig";

    @Test
    @Order(1)
    void beforeAnyClusterDocumentTheAnswerIs409AndNothingIsMinted() throws Exception {
        ApiTestServer.Answer answer = api.curl("admin", "POST", ROUTE, body(csr("early"), 3600), ApiTestServer.JSON);

        assertThat(answer.status()).as(answer.body()).isEqualTo(409);
        assertThat(answer.body()).contains("\"code\":\"no_cluster\"", "no cluster document yet",
                "kubenodectl apply -f FILE");
        assertThat(api.services.clusterPki().stored()).as("no PKI made for nothing").isEmpty();
        assertThat(api.store.audit(100)).noneMatch(entry -> entry.action().equals("kubeconfig.issue"));
    }

    @Test
    @Order(2)
    void anAdminGetsAKubeconfigWhoseCertificateOpensslAcceptsAsTheClusterCasClusterAdmin() throws Exception {
        ApiTestServer.Answer put = api.curl("admin", "PUT", "/api/v1/cluster", SeedCluster.exampleFile(),
                "Content-Type: application/yaml");
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        Path csr = csr("kubeconfig-admin");
        Instant asked = Instant.now();

        ApiTestServer.Answer answer = api.curl("admin", "POST", ROUTE, body(csr, 7200), ApiTestServer.JSON);

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(answer.body()).doesNotContain("PRIVATE KEY");
        JsonNode json = Documents.json().readTree(answer.body());
        JsonNode config = Documents.yaml().readTree(json.path("kubeconfig").asText());
        assertThat(config.path("kind").asText()).isEqualTo("Config");
        assertThat(config.path("current-context").asText()).isEqualTo("lab");
        assertThat(config.path("clusters").get(0).path("cluster").path("server").asText())
                .isEqualTo("https://k8s-cp.internal:8888");
        assertThat(config.path("contexts").get(0).path("context").path("cluster").asText()).isEqualTo("lab");
        JsonNode user = config.path("users").get(0).path("user");
        assertThat(user.has("client-key-data")).isFalse();
        Path certificate = Files.writeString(dir.resolve("kubeconfig.crt"), decode(user.path(
                "client-certificate-data")));
        Path ca = Files.writeString(dir.resolve("kubeconfig-ca.crt"), decode(config.path("clusters").get(0)
                .path("cluster").path("certificate-authority-data")));
        ClusterPki pki = api.services.clusterPki().stored().orElseThrow();
        assertThat(Files.readString(ca)).isEqualTo(Pem.write(pki.clusterCaCertificate()));

        String text = openssl("x509", "-in", certificate.toString(), "-noout", "-subject", "-issuer", "-ext",
                "extendedKeyUsage");
        assertThat(text).contains("subject=O = kubeadm:cluster-admins, CN = kubenode-admin",
                "issuer=CN = kubernetes", "TLS Web Client Authentication");
        assertThat(openssl("verify", "-CAfile", ca.toString(), certificate.toString()))
                .contains(certificate + ": OK");
        assertThat(openssl("verify", "-CAfile", api.layout.caCertificate().toString(), certificate.toString()))
                .as("not the agent CA's").doesNotContain(": OK");
        assertThat(openssl("x509", "-in", certificate.toString(), "-noout", "-pubkey"))
                .isEqualTo(openssl("req", "-in", csr.toString(), "-noout", "-pubkey"));
        X509Certificate minted = Pem.readCertificate(Files.readString(certificate));
        assertThat(minted.getNotAfter().toInstant().getEpochSecond())
                .isCloseTo(asked.plusSeconds(7200).getEpochSecond(), within(30L));
        assertThat(json.path("serial").asText()).isEqualTo(minted.getSerialNumber().toString(16));
        assertThat(json.path("notAfter").asText()).isEqualTo(minted.getNotAfter().toInstant().toString());
        AuditEntry audit = api.store.audit(100).stream().filter(entry -> entry.action().equals("kubeconfig.issue"))
                .findFirst().orElseThrow();
        assertThat(audit.who()).isEqualTo("kubenode-admin");
        assertThat(audit.object()).isEqualTo("cluster/lab");
        assertThat(audit.summary()).contains("serial " + minted.getSerialNumber().toString(16), "ttl 7200 s",
                "O=kubeadm:cluster-admins");
    }

    @Test
    @Order(3)
    void withoutAttlTheCertificateLastsADay() throws Exception {
        Instant asked = Instant.now();
        ApiTestServer.Answer answer = api.curl("admin", "POST", ROUTE, json("{\"csr\": \"" + pem(csr("day"))
                + "\"}"), ApiTestServer.JSON);

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(Instant.parse(Documents.json().readTree(answer.body()).path("notAfter").asText()).getEpochSecond())
                .isCloseTo(asked.plus(Duration.ofHours(24)).getEpochSecond(), within(30L));
    }

    @Test
    @Order(4)
    void badRequestsAreRefusedWithTheFieldAndMintNothing() throws Exception {
        long before = issued();
        String csr = pem(csr("bad"));

        ApiTestServer.Answer tooShort = api.curl("admin", "POST", ROUTE, body(csr("short"), 599), ApiTestServer.JSON);
        ApiTestServer.Answer tooLong = api.curl("admin", "POST", ROUTE, body(csr("long"), 604_801),
                ApiTestServer.JSON);
        ApiTestServer.Answer text = api.curl("admin", "POST", ROUTE, json("{\"csr\": \"" + csr
                + "\", \"ttlSeconds\": \"3600\"}"), ApiTestServer.JSON);
        ApiTestServer.Answer unknown = api.curl("admin", "POST", ROUTE, json("{\"csr\": \"" + csr
                + "\", \"user\": \"root\"}"), ApiTestServer.JSON);
        ApiTestServer.Answer noCsr = api.curl("admin", "POST", ROUTE, json("{\"ttlSeconds\": 3600}"),
                ApiTestServer.JSON);
        ApiTestServer.Answer notACsr = api.curl("admin", "POST", ROUTE, json("{\"csr\": \"hello\"}"),
                ApiTestServer.JSON);
        ApiTestServer.Answer extension = api.curl("admin", "POST", ROUTE, json("{\"csr\": \"" + pem(api.csr(
                "with-san", "/O=kubeadm:cluster-admins/CN=x", "subjectAltName=DNS:evil.example")) + "\"}"),
                ApiTestServer.JSON);

        assertThat(List.of(tooShort, tooLong, text)).allSatisfy(answer -> {
            assertThat(answer.status()).isEqualTo(422);
            assertThat(answer.body()).contains("ttlSeconds: expected an integer 600..604800");
        });
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.body()).contains("unknown field 'user'");
        assertThat(noCsr.status()).isEqualTo(422);
        assertThat(noCsr.body()).contains("csr: expected a PEM certificate request");
        assertThat(notACsr.status()).isEqualTo(400);
        assertThat(notACsr.body()).contains("unreadable CSR");
        assertThat(extension.status()).isEqualTo(422);
        assertThat(extension.body()).contains("\"code\":\"csr_refused\"", "extension requests");
        assertThat(issued()).isEqualTo(before);
    }

    @Test
    @Order(5)
    void nodesMayNotMintOne() throws Exception {
        api.writeClient(api.ca, new io.kubenode.common.pki.SubjectName("node1.internal",
                io.kubenode.common.pki.SubjectName.NODES), "kubeconfig-node", Duration.ofDays(1));
        long before = issued();

        ApiTestServer.Answer node = api.curl("kubeconfig-node", "POST", ROUTE, body(csr("node"), 3600),
                ApiTestServer.JSON);
        ApiTestServer.Answer nobody = api.curl(null, "POST", ROUTE, body(csr("nobody"), 3600), ApiTestServer.JSON);

        assertThat(node.status()).isEqualTo(403);
        assertThat(nobody.status()).isEqualTo(401);
        assertThat(issued()).isEqualTo(before);
    }

    private long issued() {
        return api.store.audit(1000).stream().filter(entry -> entry.action().equals("kubeconfig.issue")).count();
    }

    private Path csr(String name) throws Exception {
        return api.csr(name, "/O=kubeadm:cluster-admins/CN=" + name, null);
    }

    private Path body(Path csr, long ttlSeconds) throws Exception {
        return json("{\"csr\": \"" + pem(csr) + "\", \"ttlSeconds\": " + ttlSeconds + "}");
    }

    private Path json(String text) throws Exception {
        return Files.writeString(Files.createTempFile(dir, "kubeconfig-request", ".json"), text);
    }

    private static String pem(Path csr) throws Exception {
        return Files.readString(csr).replace("\n", "\\n");
    }

    private static String decode(JsonNode base64) {
        return new String(Base64.getDecoder().decode(base64.asText()), StandardCharsets.US_ASCII);
    }

    private static String openssl(String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of(ExternalCommand.require("openssl")));
        argv.addAll(List.of(args));
        ExternalCommand.Result result = ExternalCommand.run(argv);
        return result.stdout() + result.stderr();
    }
}
