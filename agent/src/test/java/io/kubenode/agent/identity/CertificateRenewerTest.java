package io.kubenode.agent.identity;

import io.kubenode.agent.controller.ControllerClient;
import io.kubenode.agent.controller.ControllerException;
import io.kubenode.agent.controller.ControllerHealth;
import io.kubenode.agent.controller.FakeControllerFixture;
import io.kubenode.agent.controller.FakeControllerRoutes;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.metrics.AgentMetrics;
import io.kubenode.common.pki.Pem;
import io.kubenode.common.pki.SubjectName;
import io.kubenode.common.status.NodeStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Renewal against a local HTTPS server answering like the controller's certificate route (mTLS). */
class CertificateRenewerTest {
    private static final String NODE = FakeControllerFixture.NODE;
    private static final String CERTIFICATE = "/api/v1/nodes/" + NODE + "/certificate";
    private static final String STATUS = "/api/v1/nodes/" + NODE + "/status";
    private static final String STATE = "/var/lib/kubenode-agent";

    @TempDir
    Path root;
    private final FakeControllerFixture fake = new FakeControllerFixture();
    private final AgentMetrics metrics = new AgentMetrics();
    private CertificateRenewer renewer;

    @AfterEach
    void stop() {
        if (renewer != null) {
            renewer.close();
        }
        fake.close();
    }

    @Test
    void aRenewalSwapsThePairOnDiskAndTheClientPresentsTheNewCertificate() throws Exception {
        fake.route(CERTIFICATE, FakeControllerRoutes.renew(FakeControllerFixture.PKI.ca(), Duration.ofDays(90)));
        fake.route(STATUS, FakeControllerFixture.status(204));
        NodeIdentity old = installed(FakeControllerFixture.node());
        ControllerClient client = fake.client(old);
        renewer = renewer(old, client, new ControllerHealth(metrics));

        NodeIdentity renewed = renewer.renewOnce();

        assertThat(fake.seen(CERTIFICATE).get(0).clientSerial()).isEqualTo(serial(old));
        NodeIdentity onDisk = pki().load().orElseThrow();
        assertThat(onDisk.certificate()).isEqualTo(renewed.certificate());
        assertThat(serial(onDisk)).isNotEqualTo(serial(old));
        assertThat(onDisk.key().getEncoded()).isNotEqualTo(old.key().getEncoded());
        client.putStatus(new NodeStatus(NODE, 0, 0, null, false, false, null, null, null, null, null, null));
        assertThat(fake.seen(STATUS).get(0).clientSerial()).isEqualTo(serial(renewed));
        assertThat(metrics.scrape())
                .contains("kubenode_agent_certificate_renewals_total{result=\"success\"} 1.0")
                .contains("kubenode_agent_certificate_expiry_timestamp_seconds "
                        + (double) renewed.notAfter().getEpochSecond());
        assertThat(staged()).isEmpty();
    }

    @Test
    void aRevokedCertificateFailsTheRenewalKeepsThePairAndSlowsTheRetries() throws Exception {
        fake.route(CERTIFICATE, FakeControllerRoutes.error(401, "certificate_revoked", "revoked"));
        // due at once (a window at 0 % of its life), yet still valid when the request arrives on a loaded machine
        // (an expired one would fail in the handshake, not with the 401)
        NodeIdentity old = installed(FakeControllerFixture.PKI.node(NODE, Duration.ofSeconds(20)));
        renewer = renewer(old, fake.client(old), new ControllerHealth(metrics, Duration.ofHours(1)),
                new RenewalWindow(0, 0));

        renewer.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> metrics.scrape()
                .contains("kubenode_agent_certificate_renewals_total{result=\"failure\"} 1.0"));
        FakeControllerFixture.sleep(Duration.ofMillis(800));
        assertThat(fake.seen(CERTIFICATE)).as("one attempt, the next in an hour").hasSize(1);
        assertThat(metrics.scrape()).contains("kubenode_agent_certificate_revoked 1.0");
        assertThat(pki().load().orElseThrow().certificate()).isEqualTo(old.certificate());
        assertThat(staged()).isEmpty();
    }

    @Test
    void aCertificateDueForRenewalIsRenewedOnSchedule() throws Exception {
        fake.route(CERTIFICATE, FakeControllerRoutes.renew(FakeControllerFixture.PKI.ca(), Duration.ofDays(90)));
        // due a second after its issue (5 % of its life); the 90-day one it gets is due in days
        NodeIdentity old = installed(FakeControllerFixture.PKI.node(NODE, Duration.ofSeconds(20)));
        renewer = renewer(old, fake.client(old), new ControllerHealth(metrics), new RenewalWindow(0.05, 0.05));

        renewer.start();

        // (not pki().load() meanwhile: it would finish or drop the renewer's swap, which only the agent does, at start)
        await().atMost(Duration.ofSeconds(10)).until(() -> !serial(renewer.identity()).equals(serial(old)));
        assertThat(renewer.identity().notAfter()).isAfter(old.notAfter().plus(Duration.ofDays(80)));
        assertThat(pki().load().orElseThrow().certificate()).isEqualTo(renewer.identity().certificate());
    }

    @Test
    void aOneMinuteCertificateIsRenewedBetweenSeventyAndNinetyPercentOfItsMinuteNotFromItsBackdatedNotBefore()
            throws Exception {
        // the CA sets notBefore 5 minutes back for clock skew: 70-90 % of notBefore..notAfter is mostly past
        NodeIdentity old = installed(FakeControllerFixture.PKI.node(NODE, Duration.ofMinutes(1)));
        renewer = renewer(old, fake.client(old), new ControllerHealth(metrics));

        Instant at = renewer.nextRenewal();

        assertThat(at).isBetween(old.issuedAt().plusSeconds(41), old.issuedAt().plusSeconds(55));
        assertThat(at).isAfter(Instant.now().plusSeconds(30));
    }

    @Test
    void aCertificateForAnotherNodeIsNotInstalled() throws Exception {
        fake.route(CERTIFICATE, exchange -> {
            String csr = io.kubenode.common.document.Documents.json().readTree(exchange.getRequestBody()
                    .readAllBytes()).path("csr").asText();
            var certificate = FakeControllerFixture.PKI.ca().issueClient(publicKey(csr),
                    new SubjectName("node2.internal", SubjectName.NODES), Duration.ofDays(90));
            FakeControllerRoutes.json(exchange, 200, Map.of("certificate", Pem.write(certificate),
                    "ca", Pem.write(FakeControllerFixture.PKI.caCertificate())));
        });
        NodeIdentity old = installed(FakeControllerFixture.node());
        renewer = renewer(old, fake.client(old), new ControllerHealth(metrics));

        assertThatThrownBy(renewer::renewOnce).isInstanceOf(ControllerException.class)
                .hasMessageContaining("node2.internal");

        assertThat(pki().load().orElseThrow().certificate()).isEqualTo(old.certificate());
        assertThat(metrics.scrape()).contains("kubenode_agent_certificate_renewals_total{result=\"failure\"} 1.0");
    }

    private static java.security.PublicKey publicKey(String csr) throws java.io.IOException {
        try {
            return new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest(Pem.readCsr(csr)).getPublicKey();
        } catch (java.security.GeneralSecurityException e) {
            throw new java.io.IOException(e);
        }
    }

    private CertificateRenewer renewer(NodeIdentity identity, ControllerClient client, ControllerHealth health) {
        return renewer(identity, client, health, RenewalWindow.STANDARD);
    }

    private CertificateRenewer renewer(NodeIdentity identity, ControllerClient client, ControllerHealth health,
                                       RenewalWindow window) {
        return new CertificateRenewer(pki(), identity, client, List.of(FakeControllerFixture.PKI.caCertificate()),
                metrics, health, Clock.systemUTC(), new SplittableRandom(1), window, CertificateRenewer.RETRY);
    }

    private NodeIdentity installed(NodeIdentity identity) throws Exception {
        pki().stageKey(identity.key());
        pki().commit(identity.certificate(), Optional.of(identity.ca()));
        return identity;
    }

    private NodePki pki() {
        return new NodePki(new LocalHost(root), STATE);
    }

    private List<String> staged() throws Exception {
        try (Stream<Path> files = Files.list(root.resolve("var/lib/kubenode-agent/pki"))) {
            return files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".new")).toList();
        }
    }

    private static String serial(NodeIdentity identity) {
        return identity.certificate().getSerialNumber().toString(16);
    }
}
