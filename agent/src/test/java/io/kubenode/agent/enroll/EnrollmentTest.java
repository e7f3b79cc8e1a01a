package io.kubenode.agent.enroll;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.agent.controller.ControllerUrl;
import io.kubenode.agent.controller.FakeControllerRoutes;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.host.TestHttpsServer;
import io.kubenode.agent.identity.NodeIdentity;
import io.kubenode.agent.identity.TestControllerPki;
import io.kubenode.agent.state.EnrollmentRecord;
import io.kubenode.agent.state.StateDir;
import io.kubenode.common.document.Documents;
import io.kubenode.common.pki.CertificateAuthority;
import io.kubenode.common.pki.KeyPairs;
import io.kubenode.common.pki.NodeCsrPolicy;
import io.kubenode.common.pki.Pem;
import io.kubenode.common.pki.SubjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Enrollment against a local HTTPS server answering as the controller's enroll route does. */
class EnrollmentTest {
    private static final TestControllerPki PKI = new TestControllerPki("kubenode enroll test CA");
    private static final TestControllerPki OTHER = new TestControllerPki("another CA");
    private static final String TOKEN = "abcdef.0123456789abcdef";

    @TempDir
    Path root;
    private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final TestHttpsServer server = TestHttpsServer.startAskingForClientCertificates(PKI.serverContext());

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void enrollingWithThePinInstallsKeyCertificateAndCaAndRecordsTheController() throws Exception {
        serve(FakeControllerRoutes.enroll(PKI.ca(), Duration.ofDays(90)));

        Enrollment.Enrolled enrolled = enroll(new EnrollTrust.Pin(PKI.pin()), "node1.internal");

        assertThat(enrolled.ca()).isEqualTo(PKI.caCertificate());
        NodeIdentity identity = state().pki().load().orElseThrow();
        assertThat(identity.certificate()).isEqualTo(enrolled.certificate());
        assertThat(identity.nodeName()).contains("node1.internal");
        assertThat(identity.ca()).isEqualTo(PKI.caCertificate());
        assertThat(mode("pki/node.key")).isEqualTo("rw-------");
        assertThat(mode("pki")).isEqualTo("rwx------");
        assertThat(state().loadEnrollment()).contains(new EnrollmentRecord(server.url(""), "node1.internal"));
        assertThat(Files.list(root.resolve("var/lib/kubenode-agent/pki")).map(path -> path.getFileName().toString()))
                .containsExactlyInAnyOrder("node.key", "node.crt", "ca.crt");
    }

    @Test
    void theRequestCarriesTheTokenAndACsrForTheNodeWithNoExtensionsAndNoKey() throws Exception {
        serve(FakeControllerRoutes.enroll(PKI.ca(), Duration.ofDays(90)));

        enroll(new EnrollTrust.Pin(PKI.pin()), "node1.internal");

        assertThat(authorizations).containsExactly("Bearer " + TOKEN);
        JsonNode body = bodies.get(0);
        assertThat(body.path("nodeName").asText()).isEqualTo("node1.internal");
        // the real policy: ECDSA P-256, CN=node1.internal, O=kubenode:nodes, nothing else requested
        assertThat(NodeCsrPolicy.approve(Pem.readCsr(body.path("csr").asText()), "node1.internal").subject())
                .isEqualTo(new SubjectName("node1.internal", SubjectName.NODES));
        assertThat(body.toString()).doesNotContain("PRIVATE KEY");
    }

    @Test
    void withACaFileTheControllerIsTrustedThroughIt() throws Exception {
        serve(FakeControllerRoutes.enroll(PKI.ca(), Duration.ofDays(90)));

        Enrollment.Enrolled enrolled = enroll(new EnrollTrust.CaFile("ca.crt", List.of(PKI.caCertificate())), "n1");

        assertThat(enrolled.ca()).isEqualTo(PKI.caCertificate());
    }

    @Test
    void aPinMismatchFailsNamingBothPinsSendsNothingAndInstallsNothing() {
        serve(FakeControllerRoutes.enroll(PKI.ca(), Duration.ofDays(90)));

        assertThatThrownBy(() -> enroll(new EnrollTrust.Pin(OTHER.pin()), "n1"))
                .isInstanceOf(EnrollmentException.class)
                .hasMessageContaining("expected the CA pin " + OTHER.pin())
                .hasMessageContaining(PKI.pin())
                .hasMessageContaining("nothing was sent")
                .hasMessageNotContaining(TOKEN);

        assertThat(server.requests()).isEmpty();
        assertThat(root.resolve("var/lib/kubenode-agent/pki")).isEmptyDirectory();
        assertThat(root.resolve("var/lib/kubenode-agent/enrollment.yaml")).doesNotExist();
    }

    @Test
    void aCaFileOfAnotherCaFailsTheHandshakeAndSendsNothing() {
        serve(FakeControllerRoutes.enroll(PKI.ca(), Duration.ofDays(90)));

        assertThatThrownBy(() -> enroll(new EnrollTrust.CaFile("/etc/other.crt", List.of(OTHER.caCertificate())),
                "n1")).isInstanceOf(EnrollmentException.class)
                .hasMessageContaining("cannot verify the controller").hasMessageContaining("/etc/other.crt")
                .hasMessageContaining("nothing was sent");

        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aRefusedTokenShowsTheControllersCodeAndMessageButNeverTheToken() {
        serve(FakeControllerRoutes.error(403, "token_expired", "the bootstrap token has expired"));

        assertThatThrownBy(() -> enroll(new EnrollTrust.Pin(PKI.pin()), "n1"))
                .isInstanceOf(EnrollmentException.class)
                .hasMessageContaining("HTTP 403").hasMessageContaining("token_expired: the bootstrap token has expired")
                .hasMessageNotContaining(TOKEN).hasMessageNotContaining("0123456789abcdef");

        assertThat(root.resolve("var/lib/kubenode-agent/pki")).isEmptyDirectory();
    }

    @Test
    void aCaOtherThanThePinnedOneInTheAnswerIsNotInstalled() {
        CertificateAuthority rogue = OTHER.ca();
        serve(exchange -> {
            JsonNode body = Documents.json().readTree(exchange.getRequestBody().readAllBytes());
            java.security.cert.X509Certificate certificate;
            try {
                certificate = rogue.sign(NodeCsrPolicy.approve(Pem.readCsr(body.path("csr").asText()), "n1"),
                        Duration.ofDays(90));
            } catch (io.kubenode.common.pki.CsrRefusedException e) {
                throw new java.io.IOException(e);
            }
            FakeControllerRoutes.json(exchange, 200, Map.of("certificate", Pem.write(certificate),
                    "ca", Pem.write(rogue.certificate())));
        });

        assertThatThrownBy(() -> enroll(new EnrollTrust.Pin(PKI.pin()), "n1"))
                .isInstanceOf(EnrollmentException.class).hasMessageContaining("not the trusted one");

        assertThat(root.resolve("var/lib/kubenode-agent/pki")).isEmptyDirectory();
    }

    @Test
    void aCertificateForAnotherKeyIsNotInstalled() {
        serve(exchange -> {
            var certificate = PKI.ca().issueClient(KeyPairs.ecP256().getPublic(),
                    new SubjectName("n1", SubjectName.NODES), Duration.ofDays(90));
            FakeControllerRoutes.json(exchange, 200, Map.of("certificate", Pem.write(certificate),
                    "ca", Pem.write(PKI.caCertificate())));
        });

        assertThatThrownBy(() -> enroll(new EnrollTrust.Pin(PKI.pin()), "n1"))
                .isInstanceOf(EnrollmentException.class).hasMessageContaining("another key");
    }

    @Test
    void enrollingAgainReplacesThePairWhole() throws Exception {
        serve(FakeControllerRoutes.enroll(PKI.ca(), Duration.ofDays(90)));
        Enrollment.Enrolled first = enroll(new EnrollTrust.Pin(PKI.pin()), "n1");

        Enrollment.Enrolled second = enroll(new EnrollTrust.Pin(PKI.pin()), "n1");

        NodeIdentity loaded = state().pki().load().orElseThrow();
        assertThat(loaded.certificate()).isEqualTo(second.certificate()).isNotEqualTo(first.certificate());
    }

    private void serve(com.sun.net.httpserver.HttpHandler handler) {
        server.route("/api/v1/enroll", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            bodies.add(Documents.json().readTree(bytes));
            exchange.setStreams(new java.io.ByteArrayInputStream(bytes), null);
            handler.handle(exchange);
        });
    }

    private Enrollment.Enrolled enroll(EnrollTrust trust, String nodeName) throws Exception {
        return new Enrollment(state(), Clock.systemUTC()).enroll(new Enrollment.Request(
                ControllerUrl.parse(server.url("")), nodeName, trust, TOKEN));
    }

    private StateDir state() {
        return new StateDir(new LocalHost(root), StateDir.DEFAULT);
    }

    private String mode(String relative) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(
                root.resolve("var/lib/kubenode-agent").resolve(relative)));
    }
}
