package io.kubenode.common.pki;

import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeCsrPolicyTest {
    private static final String NODE = "node1.internal";

    @Test
    void approvesTheCsrAnAgentMakesAndTheCaSignsItAsANodeClientCertificate() throws Exception {
        KeyPair key = KeyPairs.ecP256();
        CertificateAuthority ca = CertificateAuthority.create("kubenode-ca");

        ApprovedCsr approved = NodeCsrPolicy.approve(NodeCsr.create(NODE, key), NODE);
        X509Certificate certificate = ca.sign(approved, Duration.ofDays(90));

        assertThat(approved.subject()).isEqualTo(new SubjectName(NODE, SubjectName.NODES));
        assertThat(certificate.getPublicKey()).isEqualTo(key.getPublic());
        assertThat(Identity.of(certificate)).isEqualTo(new Identity(Identity.Role.NODE, NODE));
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(certificate.getSubjectAlternativeNames()).isNull();
    }

    @Test
    void refusesACsrForAnotherNode() {
        assertThatThrownBy(() -> NodeCsrPolicy.approve(NodeCsr.create("node2.internal", KeyPairs.ecP256()), NODE))
                .isInstanceOf(CsrRefusedException.class)
                .hasMessage("CSR is for CN=node2.internal, not for node node1.internal");
    }

    @Test
    void refusesTheAdminsGroup() {
        PKCS10CertificationRequest csr = build("O=kubenode:admins,CN=" + NODE, KeyPairs.ecP256(), null);

        assertThatThrownBy(() -> NodeCsrPolicy.approve(csr, NODE))
                .isInstanceOf(CsrRefusedException.class)
                .hasMessage("CSR asks for O=kubenode:admins; node certificates carry O=kubenode:nodes only");
    }

    @Test
    void refusesASubjectWithMoreThanCnAndO() {
        PKCS10CertificationRequest csr = build("O=kubenode:nodes,OU=x,CN=" + NODE, KeyPairs.ecP256(), null);

        assertThatThrownBy(() -> NodeCsrPolicy.approve(csr, NODE))
                .isInstanceOf(CsrRefusedException.class)
                .hasMessageContaining("it must be exactly CN=node1.internal, O=kubenode:nodes");
    }

    @Test
    void refusesRequestedSubjectAltNames() throws Exception {
        ExtensionsGenerator extensions = new ExtensionsGenerator();
        extensions.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, "evil")));
        PKCS10CertificationRequest csr = build("O=kubenode:nodes,CN=" + NODE, KeyPairs.ecP256(), extensions);

        assertThatThrownBy(() -> NodeCsrPolicy.approve(csr, NODE))
                .isInstanceOf(CsrRefusedException.class)
                .hasMessage("CSR asks for subjectAltName; node certificates carry none");
    }

    @Test
    void refusesARequestToBeACa() throws Exception {
        ExtensionsGenerator extensions = new ExtensionsGenerator();
        extensions.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        PKCS10CertificationRequest csr = build("O=kubenode:nodes,CN=" + NODE, KeyPairs.ecP256(), extensions);

        assertThatThrownBy(() -> NodeCsrPolicy.approve(csr, NODE))
                .isInstanceOf(CsrRefusedException.class)
                .hasMessage("CSR asks for basicConstraints; node certificates carry none");
    }

    @Test
    void refusesOtherAttributes() throws Exception {
        KeyPair key = KeyPairs.ecP256();
        PKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(
                new X500Name("O=kubenode:nodes,CN=" + NODE), key.getPublic())
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_challengePassword, new DERPrintableString("secret"));
        PKCS10CertificationRequest csr = builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
                .build(key.getPrivate()));

        assertThatThrownBy(() -> NodeCsrPolicy.approve(csr, NODE))
                .isInstanceOf(CsrRefusedException.class)
                .hasMessage("CSR carries attribute challengePassword; node CSRs carry none");
    }

    @Test
    void refusesAKeyThatIsNotP256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair rsa = generator.generateKeyPair();
        PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(
                new X500Name("O=kubenode:nodes,CN=" + NODE), rsa.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(rsa.getPrivate()));

        assertThatThrownBy(() -> NodeCsrPolicy.approve(csr, NODE))
                .isInstanceOf(CsrRefusedException.class)
                .hasMessage("CSR key is RSA; node keys must be ECDSA P-256");
    }

    @Test
    void refusesACsrSignedWithAnotherKey() throws Exception {
        KeyPair claimed = KeyPairs.ecP256();
        PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(
                new X500Name("O=kubenode:nodes,CN=" + NODE), claimed.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(KeyPairs.ecP256().getPrivate()));

        assertThatThrownBy(() -> NodeCsrPolicy.approve(csr, NODE))
                .isInstanceOf(CsrRefusedException.class)
                .hasMessage("CSR signature does not verify with its own public key");
    }

    @Test
    void refusesAnExpectedNameThatIsNotDns1123() {
        assertThatThrownBy(() -> NodeCsrPolicy.approve(NodeCsr.create(NODE, KeyPairs.ecP256()), "Node_1"))
                .isInstanceOf(CsrRefusedException.class)
                .hasMessage("node name 'Node_1' is not a DNS-1123 name");
    }

    @Test
    void agentSideRefusesToMakeACsrForAnInvalidName() {
        assertThatThrownBy(() -> NodeCsr.create("../etc", KeyPairs.ecP256()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a DNS-1123 name");
    }

    private static PKCS10CertificationRequest build(String subject, KeyPair key, ExtensionsGenerator extensions) {
        try {
            PKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(
                    new X500Name(subject), key.getPublic());
            if (extensions != null) {
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            }
            return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
