package io.kubenode.common.pki;

import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CertificateAuthorityTest {
    private static final CertificateAuthority CA = CertificateAuthority.create("kubenode-ca");
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    @Test
    void newCaIsASelfSignedTenYearSigningCaWithCriticalConstraints() throws Exception {
        X509Certificate ca = CA.certificate();

        ca.verify(ca.getPublicKey());
        assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=kubenode-ca");
        assertThat(ca.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        assertThat(ca.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(ca.getKeyUsage()).containsExactly(false, false, false, false, false, true, true, false, false);
        assertThat(ca.getCriticalExtensionOIDs()).containsExactlyInAnyOrder(Extension.basicConstraints.getId(),
                Extension.keyUsage.getId());
        assertThat(ca.getExtensionValue(Extension.subjectKeyIdentifier.getId())).isNotNull();
        assertThat(Duration.between(ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant()))
                .isEqualTo(CertificateAuthority.CA_VALIDITY.plus(CertificateSigner.CLOCK_SKEW));
    }

    @Test
    void serverCertificateCarriesIpAndDnsNamesAndServerAuthOnly() throws Exception {
        KeyPair key = KeyPairs.ecP256();
        X509Certificate server = CA.issueServer(key.getPublic(), "kubenode-controller",
                List.of("controller.internal", "192.168.0.10", "fd00::1"), Duration.ofDays(365));

        server.verify(CA.certificate().getPublicKey());
        assertThat(server.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(2, "controller.internal"), List.of(7, "192.168.0.10"), List.of(7, "fd00:0:0:0:0:0:0:1"));
        assertThat(server.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(server.getBasicConstraints()).isEqualTo(-1);
        assertThat(server.getCriticalExtensionOIDs()).contains(Extension.basicConstraints.getId());
        assertThat(server.getIssuerX500Principal()).isEqualTo(CA.certificate().getSubjectX500Principal());
    }

    @Test
    void peerCertificateServesItsNamesAndAuthenticatesAsAClient() throws Exception {
        X509Certificate peer = CA.issuePeer(KeyPairs.ecP256().getPublic(), "node1", List.of("node1", "127.0.0.1"),
                Duration.ofDays(365));

        peer.verify(CA.certificate().getPublicKey());
        assertThat(peer.getSubjectX500Principal().getName()).isEqualTo("CN=node1");
        assertThat(peer.getSubjectAlternativeNames()).containsExactlyInAnyOrder(List.of(2, "node1"),
                List.of(7, "127.0.0.1"));
        assertThat(peer.getExtendedKeyUsage()).containsExactly(SERVER_AUTH, CLIENT_AUTH);
    }

    @Test
    void serverCertificateRefusesANameThatIsNeitherIpNorDns1123() {
        assertThatThrownBy(() -> CA.issueServer(KeyPairs.ecP256().getPublic(), "x", List.of("bad_name"),
                Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bad_name' is neither an IP address nor a DNS-1123 name");
        assertThatThrownBy(() -> CA.issueServer(KeyPairs.ecP256().getPublic(), "x", List.of(), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one subject alternative name");
    }

    @Test
    void clientCertificateHasTheSubjectClientAuthAndTheGivenValidityFromAFewMinutesBack() throws Exception {
        Instant before = Instant.now();
        X509Certificate client = CA.issueClient(KeyPairs.ecP256().getPublic(),
                new SubjectName("kubenode-admin", SubjectName.ADMINS), Duration.ofDays(30));

        client.verify(CA.certificate().getPublicKey());
        assertThat(SubjectName.of(client.getSubjectX500Principal()))
                .contains(new SubjectName("kubenode-admin", SubjectName.ADMINS));
        assertThat(client.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(client.getBasicConstraints()).isEqualTo(-1);
        assertThat(client.getNotBefore().toInstant())
                .isCloseTo(before.minus(CertificateSigner.CLOCK_SKEW), within(Duration.ofSeconds(5)));
        assertThat(client.getNotAfter().toInstant())
                .isCloseTo(before.plus(Duration.ofDays(30)), within(Duration.ofSeconds(5)));
    }

    @Test
    void serialsAreRandomPositiveAndOneHundredTwentyEightBits() {
        X509Certificate first = CA.issueClient(KeyPairs.ecP256().getPublic(), new SubjectName("a", "g"),
                Duration.ofHours(1));
        X509Certificate second = CA.issueClient(KeyPairs.ecP256().getPublic(), new SubjectName("a", "g"),
                Duration.ofHours(1));

        assertThat(first.getSerialNumber().signum()).isPositive();
        assertThat(first.getSerialNumber().bitLength()).isEqualTo(128);
        assertThat(first.getSerialNumber()).isNotEqualTo(second.getSerialNumber());
    }

    @Test
    void noCertificateOutlivesTheCa() {
        X509Certificate client = CA.issueClient(KeyPairs.ecP256().getPublic(), new SubjectName("a", "g"),
                Duration.ofDays(20 * 365));

        assertThat(client.getNotAfter()).isEqualTo(CA.certificate().getNotAfter());
    }

    @Test
    void aCertificateWasIssuedItsValidityBeforeItsNotAfterThoughItsNotBeforeIsEarlier() {
        Instant before = Instant.now();
        X509Certificate client = CA.issueClient(KeyPairs.ecP256().getPublic(), new SubjectName("a", "g"),
                Duration.ofMinutes(1));
        Instant after = Instant.now();

        Instant issued = CertificateAuthority.issuedAt(client);

        assertThat(issued).isBetween(before.minusSeconds(1), after.plusSeconds(1));
        // (certificate times are whole seconds, notBefore and notAfter from two readings of the clock)
        assertThat(Duration.between(issued, client.getNotAfter().toInstant())).isBetween(Duration.ofSeconds(59),
                Duration.ofSeconds(61));
        assertThat(client.getNotBefore().toInstant()).isBefore(issued.minus(Duration.ofMinutes(4)));
    }

    @Test
    void aValidityThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> CA.issueClient(KeyPairs.ecP256().getPublic(), new SubjectName("a", "g"),
                Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("validity must be positive");
    }

    @Test
    void loadedFromPemTheCaSignsCertificatesTheOriginalVerifies() throws Exception {
        CertificateAuthority loaded = CertificateAuthority.load(Pem.write(CA.certificate()),
                Pem.write(CA.privateKey()));

        X509Certificate client = loaded.issueClient(KeyPairs.ecP256().getPublic(), new SubjectName("a", "g"),
                Duration.ofHours(1));

        client.verify(CA.certificate().getPublicKey());
    }

    @Test
    void loadRefusesAKeyThatIsNotTheCertificates() {
        assertThatThrownBy(() -> CertificateAuthority.load(CA.certificate(), KeyPairs.ecP256().getPrivate()))
                .isInstanceOf(PkiException.class)
                .hasMessage("the private key does not belong to CA certificate CN=kubenode-ca");
    }

    @Test
    void loadRefusesALeafCertificate() {
        KeyPair key = KeyPairs.ecP256();
        X509Certificate leaf = CA.issueClient(key.getPublic(), new SubjectName("a", "g"), Duration.ofHours(1));

        assertThatThrownBy(() -> CertificateAuthority.load(leaf, key.getPrivate()))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("is not a CA certificate");
    }

    @Test
    void aKubeadmStyleCaIsAnRsaCaThatLoadsAndSignsWithRsa() throws Exception {
        CertificateAuthority ca = CertificateAuthority.createKubeadmStyle("kubernetes", KeyPairs.rsa2048());
        X509Certificate certificate = ca.certificate();

        assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(certificate.getSigAlgName()).isEqualToIgnoringCase("SHA256withRSA");
        assertThat(certificate.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        // digitalSignature, keyEncipherment, keyCertSign as kubeadm sets them; no cRLSign
        assertThat(certificate.getKeyUsage()).containsExactly(true, false, true, false, false, true, false, false,
                false);
        assertThat(certificate.getSubjectAlternativeNames()).containsExactly(List.of(2, "kubernetes"));
        certificate.verify(certificate.getPublicKey());
        CertificateAuthority loaded = CertificateAuthority.load(certificate, ca.privateKey());

        X509Certificate client = loaded.issueClient(KeyPairs.ecP256().getPublic(),
                new SubjectName("alice", "kubeadm:cluster-admins"), Duration.ofHours(1));
        client.verify(certificate.getPublicKey());
        assertThat(client.getSigAlgName()).isEqualToIgnoringCase("SHA256withRSA");
    }
}
