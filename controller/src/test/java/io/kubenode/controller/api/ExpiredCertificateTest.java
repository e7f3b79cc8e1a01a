package io.kubenode.controller.api;

import io.kubenode.common.pki.Pem;
import io.kubenode.common.pki.SubjectName;
import io.kubenode.controller.compiler.SeedCluster;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client certificate that expires while its connection stays open, or while its long poll is parked: the TLS
 * layer checked it once, at the handshake, so every request checks it again, and so does a parked poll's answer (as
 * they check revocation).
 */
class ExpiredCertificateTest extends WithApiServer {
    private static final String NODE = "node1.internal";
    private static final String YAML = "Content-Type: application/yaml";

    @Test
    void aCertificateThatExpiresOnAKeptAliveConnectionIsRefusedThereWith401CertificateExpired() throws Exception {
        // ten seconds: time for the first exchange, handshake included, on a loaded machine
        api.writeClient(api.ca, new SubjectName(NODE, SubjectName.NODES), "short-lived", Duration.ofSeconds(10));
        Instant notAfter = Pem.readCertificate(Files.readString(api.dir.resolve("short-lived.crt"))).getNotAfter()
                .toInstant();
        HttpClient client = ClientTls.httpClient(ClientTls.of(api.layout.caCertificate(),
                api.dir.resolve("short-lived.crt"), api.dir.resolve("short-lived.key")));
        HttpRequest catalog = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + api.port + "/api/v1/nodes/"
                + NODE + "/catalog?after=0&wait=0")).timeout(Duration.ofSeconds(20)).GET().build();

        HttpResponse<String> valid = client.send(catalog, HttpResponse.BodyHandlers.ofString());
        assertThat(Instant.now()).as("the first answer came before the certificate expired").isBefore(notAfter);
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), notAfter.plusSeconds(1)).toMillis()));
        // the JDK client reuses its idle connection; a new handshake with the expired certificate would fail
        // (an IOException here), so a 401 can only come over the connection opened while it was valid
        HttpResponse<String> expired = client.send(catalog, HttpResponse.BodyHandlers.ofString());

        assertThat(valid.statusCode()).as(valid.body()).isNotEqualTo(401);
        assertThat(expired.statusCode()).as(expired.body()).isEqualTo(401);
        assertThat(expired.body()).contains("\"certificate_expired\"", notAfter.toString());
    }

    @Test
    void aLongPollParkedWhileTheCertificateWasValidGets401CertificateExpiredNotTheCatalogPublishedAfterItsExpiry()
            throws Exception {
        Path seed = Files.writeString(api.dir.resolve("seed.yaml"), SeedCluster.exampleText());
        ApiTestServer.Answer applied = api.curl("admin", "PUT", "/api/v1/cluster", seed, YAML);
        assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        api.writeClient(api.ca, new SubjectName(NODE, SubjectName.NODES), "parked", Duration.ofSeconds(10));
        Instant notAfter = Pem.readCertificate(Files.readString(api.dir.resolve("parked.crt"))).getNotAfter()
                .toInstant();
        ApiTestServer.Answer current = api.curl("admin", "GET", "/api/v1/nodes/" + NODE + "/catalog?after=0", null);
        long generation = Long.parseLong(current.body().replaceAll(".*\"generation\":(\\d+).*", "$1"));

        CompletableFuture<ApiTestServer.Answer> parked = CompletableFuture.supplyAsync(() -> {
            try {
                return api.curl("parked", "GET", "/api/v1/nodes/" + NODE + "/catalog?after=" + generation
                        + "&wait=30", null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Awaitility.await("the long poll parked").atMost(Duration.ofSeconds(10))
                .until(() -> api.services.catalogs().watches().waiting() >= 1);
        assertThat(Instant.now()).as("parked before the certificate expired").isBefore(notAfter);
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), notAfter.plusSeconds(1)).toMillis()));
        String version = api.curl("admin", "GET", "/api/v1/cluster", null).body()
                .replaceAll(".*\"resourceVersion\":(\\d+).*", "$1");
        Path changed = Files.writeString(api.dir.resolve("changed.yaml"), SeedCluster.exampleText()
                .replace("packages: [tmux]", "packages: [tmux, htop]"));
        ApiTestServer.Answer put = api.curl("admin", "PUT", "/api/v1/cluster?resourceVersion=" + version, changed,
                YAML);
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.body()).contains("\"" + NODE + "\":{\"changed\":true");

        ApiTestServer.Answer answer = parked.get(20, TimeUnit.SECONDS);

        assertThat(answer.status()).as(answer.body()).isEqualTo(401);
        assertThat(answer.body()).contains("\"certificate_expired\"").doesNotContain("\"resources\"");
    }
}
