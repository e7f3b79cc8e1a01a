package io.kubenode.controller.api;

import io.kubenode.common.pki.Pem;
import io.kubenode.common.pki.SubjectName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client certificate that expires while its connection stays open: the TLS layer checked it once, at the
 * handshake, so every request checks it again (as it checks revocation).
 */
class ExpiredCertificateTest extends WithApiServer {
    private static final String NODE = "node1.internal";

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
}
