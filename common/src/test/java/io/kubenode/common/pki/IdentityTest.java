package io.kubenode.common.pki;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;

class IdentityTest {
    private static final CertificateAuthority CA = CertificateAuthority.create("kubenode-ca");

    @Test
    void nodesGroupIsANodeNamedByItsCn() {
        assertThat(Identity.of(client("node1.internal", SubjectName.NODES)))
                .isEqualTo(new Identity(Identity.Role.NODE, "node1.internal"));
    }

    @Test
    void adminsGroupIsAnAdmin() {
        assertThat(Identity.of(client("kubenode-admin", SubjectName.ADMINS)))
                .isEqualTo(new Identity(Identity.Role.ADMIN, "kubenode-admin"));
    }

    @Test
    void monitoringGroupIsMonitoring() {
        assertThat(Identity.of(client("prometheus", SubjectName.MONITORING)))
                .isEqualTo(new Identity(Identity.Role.MONITORING, "prometheus"));
        assertThat(Identity.of(client("prometheus", "kubenode:monitors")).role()).isEqualTo(Identity.Role.NONE);
    }

    @Test
    void anyOtherGroupIsNone() {
        assertThat(Identity.of(client("someone", "system:masters")))
                .isEqualTo(new Identity(Identity.Role.NONE, "someone"));
    }

    @Test
    void aNodeNameThatIsNotDns1123IsNone() {
        assertThat(Identity.of(client("Node_1", SubjectName.NODES)).role()).isEqualTo(Identity.Role.NONE);
    }

    @Test
    void twoOrganisationsAreNone() throws Exception {
        assertThat(Identity.of(raw("O=kubenode:admins,O=kubenode:nodes,CN=node1")))
                .isEqualTo(new Identity(Identity.Role.NONE, ""));
    }

    @Test
    void noOrganisationIsNone() throws Exception {
        assertThat(Identity.of(raw("CN=node1")).role()).isEqualTo(Identity.Role.NONE);
    }

    private static X509Certificate client(String commonName, String organization) {
        return CA.issueClient(KeyPairs.ecP256().getPublic(), new SubjectName(commonName, organization),
                Duration.ofHours(1));
    }

    /** A certificate with a subject our CA would never issue. */
    private static X509Certificate raw(String subject) throws Exception {
        KeyPair key = KeyPairs.ecP256();
        Instant now = Instant.now();
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                new X500Name("CN=other"), BigInteger.ONE, Date.from(now), Date.from(now.plusSeconds(60)),
                new X500Name(subject), key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
    }
}
