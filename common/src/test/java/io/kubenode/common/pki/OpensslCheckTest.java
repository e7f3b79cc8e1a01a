package io.kubenode.common.pki;

import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What we make is what openssl accepts, and CSRs openssl makes meet the enrollment policy as they should. */
class OpensslCheckTest {
    private static final String NODE = "node1.internal";
    private static final CertificateAuthority CA = CertificateAuthority.create("kubenode-ca");

    @TempDir
    Path dir;

    @Test
    void opensslVerifiesServerAndClientCertificatesAgainstTheCa() throws Exception {
        Path ca = write("ca.crt", Pem.write(CA.certificate()));
        Path server = write("server.crt", Pem.write(CA.issueServer(KeyPairs.ecP256().getPublic(),
                "kubenode-controller", List.of("controller.internal", "192.168.0.10"), Duration.ofDays(365))));
        Path admin = write("admin.crt", Pem.write(CA.issueClient(KeyPairs.ecP256().getPublic(),
                new SubjectName("kubenode-admin", SubjectName.ADMINS), Duration.ofDays(365))));

        assertThat(Openssl.ok("verify", "-CAfile", ca.toString(), "-purpose", "sslserver", server.toString()))
                .contains(server + ": OK");
        assertThat(Openssl.ok("verify", "-CAfile", ca.toString(), "-purpose", "sslclient", admin.toString()))
                .contains(admin + ": OK");
        assertThat(Openssl.run("verify", "-CAfile", ca.toString(), "-purpose", "sslclient", server.toString())
                .exitCode()).as("a server certificate is no client certificate").isNotZero();
    }

    @Test
    void opensslShowsTheCaFlagsAndTheServerNamesAndUsages() throws Exception {
        Path ca = write("ca.crt", Pem.write(CA.certificate()));
        Path server = write("server.crt", Pem.write(CA.issueServer(KeyPairs.ecP256().getPublic(),
                "kubenode-controller", List.of("controller.internal", "192.168.0.10"), Duration.ofDays(365))));

        assertThat(Openssl.ok("x509", "-in", ca.toString(), "-noout", "-text")).contains(
                "X509v3 Basic Constraints: critical\n                CA:TRUE",
                "X509v3 Key Usage: critical\n                Certificate Sign, CRL Sign",
                "X509v3 Subject Key Identifier", "ecdsa-with-SHA256", "NIST CURVE: P-256");
        assertThat(Openssl.ok("x509", "-in", server.toString(), "-noout", "-text")).contains(
                "X509v3 Basic Constraints: critical\n                CA:FALSE",
                "X509v3 Extended Key Usage: \n                TLS Web Server Authentication",
                "DNS:controller.internal, IP Address:192.168.0.10");
    }

    @Test
    void opensslReadsOurKeyAndWeReadOpensslsKey() throws Exception {
        KeyPair key = KeyPairs.ecP256();
        Path ours = write("ours.key", Pem.write(key.getPrivate()));
        Path theirs = dir.resolve("theirs.key");
        Openssl.ok("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", theirs.toString());

        assertThat(Openssl.ok("pkey", "-in", ours.toString(), "-noout", "-text")).contains("NIST CURVE: P-256");
        assertThat(Pem.readPrivateKey(Files.readString(theirs)).getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void opensslVerifiesTheCsrAnAgentMakes() throws Exception {
        Path csr = write("node.csr", Pem.write(NodeCsr.create(NODE, KeyPairs.ecP256())));

        Openssl.Result verify = Openssl.run("req", "-in", csr.toString(), "-noout", "-verify", "-subject");

        assertThat(verify.exitCode()).as(verify.describe()).isZero();
        assertThat(verify.stdout() + verify.stderr()).contains("verify OK", "O = kubenode:nodes, CN = node1.internal");
    }

    @Test
    void aGoodOpensslCsrIsSignedAndTheCertificateVerifies() throws Exception {
        X509Certificate certificate = CA.sign(NodeCsrPolicy.approve(opensslCsr("/O=kubenode:nodes/CN=" + NODE),
                NODE), Duration.ofDays(90));
        Path ca = write("ca.crt", Pem.write(CA.certificate()));
        Path node = write("node.crt", Pem.write(certificate));

        assertThat(Openssl.ok("verify", "-CAfile", ca.toString(), "-purpose", "sslclient", node.toString()))
                .contains(node + ": OK");
        assertThat(Identity.of(certificate)).isEqualTo(new Identity(Identity.Role.NODE, NODE));
    }

    @Test
    void anOpensslCsrAskingForASubjectAltNameIsRefused() throws Exception {
        PKCS10CertificationRequest csr = opensslCsr("/O=kubenode:nodes/CN=" + NODE, "-addext", "subjectAltName=DNS:evil");

        assertThatThrownBy(() -> NodeCsrPolicy.approve(csr, NODE))
                .isInstanceOf(CsrRefusedException.class)
                .hasMessage("CSR asks for subjectAltName; node certificates carry none");
    }

    @Test
    void anOpensslCsrAskingToBeACaIsRefused() throws Exception {
        PKCS10CertificationRequest csr = opensslCsr("/O=kubenode:nodes/CN=" + NODE, "-addext", "basicConstraints=critical,CA:TRUE");

        assertThatThrownBy(() -> NodeCsrPolicy.approve(csr, NODE))
                .isInstanceOf(CsrRefusedException.class)
                .hasMessage("CSR asks for basicConstraints; node certificates carry none");
    }

    @Test
    void anOpensslCsrForTheAdminsGroupIsRefused() throws Exception {
        PKCS10CertificationRequest csr = opensslCsr("/O=kubenode:admins/CN=" + NODE);

        assertThatThrownBy(() -> NodeCsrPolicy.approve(csr, NODE))
                .isInstanceOf(CsrRefusedException.class)
                .hasMessage("CSR asks for O=kubenode:admins; node certificates carry O=kubenode:nodes only");
    }

    private PKCS10CertificationRequest opensslCsr(String subject, String... extra)
            throws Exception {
        Path csr = dir.resolve("openssl.csr");
        List<String> argv = new ArrayList<>(List.of("req", "-new", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-keyout", dir.resolve("openssl.key").toString(),
                "-subj", subject, "-out", csr.toString()));
        argv.addAll(List.of(extra));
        Openssl.ok(argv.toArray(String[]::new));
        return Pem.readCsr(Files.readString(csr));
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }
}
