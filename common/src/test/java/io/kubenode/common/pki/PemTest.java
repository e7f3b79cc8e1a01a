package io.kubenode.common.pki;

import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.cert.X509Certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PemTest {
    private static final CertificateAuthority CA = CertificateAuthority.create("pem-test-ca");

    @Test
    void certificateRoundTripsThroughPem() {
        String pem = Pem.write(CA.certificate());

        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
        assertThat(Pem.readCertificate(pem)).isEqualTo(CA.certificate());
    }

    @Test
    void privateKeyRoundTripsAsPkcs8() {
        KeyPair key = KeyPairs.ecP256();
        String pem = Pem.write(key.getPrivate());

        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(Pem.readPrivateKey(pem).getEncoded()).isEqualTo(key.getPrivate().getEncoded());
    }

    @Test
    void csrRoundTripsThroughPem() throws Exception {
        PKCS10CertificationRequest csr = NodeCsr.create("node1.internal", KeyPairs.ecP256());
        String pem = Pem.write(csr);

        assertThat(pem).startsWith("-----BEGIN CERTIFICATE REQUEST-----\n");
        assertThat(Pem.readCsr(pem).getEncoded()).isEqualTo(csr.getEncoded());
    }

    @Test
    void textAroundTheBlockIsIgnoredAsOpensslDoes() {
        X509Certificate read = Pem.readCertificate("Subject: CN=x\n" + Pem.write(CA.certificate()) + "trailer\n");

        assertThat(read).isEqualTo(CA.certificate());
    }

    @Test
    void garbageIsAClearErrorNamingWhatWasExpected() {
        assertThatThrownBy(() -> Pem.readCertificate("this is not pem"))
                .isInstanceOf(PkiException.class)
                .hasMessage("expected one PEM CERTIFICATE block, found 0");
        assertThatThrownBy(() -> Pem.readPrivateKey(""))
                .isInstanceOf(PkiException.class)
                .hasMessage("expected a PEM PRIVATE KEY block, got empty text");
    }

    @Test
    void corruptBase64IsAClearErrorNotABouncyCastleStack() {
        assertThatThrownBy(() -> Pem.readCertificate("-----BEGIN CERTIFICATE-----\n!!!not base64!!!\n"
                + "-----END CERTIFICATE-----\n"))
                .isInstanceOf(PkiException.class)
                .hasMessageStartingWith("expected a PEM CERTIFICATE block: the PEM text is malformed");
    }

    @Test
    void unterminatedBlockIsAClearError() {
        String pem = Pem.write(CA.certificate());

        assertThatThrownBy(() -> Pem.readCertificate(pem.substring(0, pem.indexOf("-----END"))))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("malformed");
    }

    @Test
    void validBase64ThatIsNoCertificateSaysSo() {
        assertThatThrownBy(() -> Pem.readCertificate("-----BEGIN CERTIFICATE-----\naGVsbG8=\n"
                + "-----END CERTIFICATE-----\n"))
                .isInstanceOf(PkiException.class)
                .hasMessage("the CERTIFICATE block is not a valid X.509 certificate");
        assertThatThrownBy(() -> Pem.readPrivateKey("-----BEGIN PRIVATE KEY-----\naGVsbG8=\n-----END PRIVATE KEY-----\n"))
                .isInstanceOf(PkiException.class)
                .hasMessage("the PRIVATE KEY block is not a valid PKCS#8 private key");
    }

    @Test
    void aBlockOfAnotherTypeIsNamed() {
        String keyPem = Pem.write(KeyPairs.ecP256().getPrivate());

        assertThatThrownBy(() -> Pem.readCertificate(keyPem))
                .isInstanceOf(PkiException.class)
                .hasMessage("expected a PEM CERTIFICATE block, found PRIVATE KEY");
    }

    @Test
    void aSec1KeyGetsAHintHowToConvertIt() {
        assertThatThrownBy(() -> Pem.readPrivateKey("-----BEGIN EC PRIVATE KEY-----\naGVsbG8=\n"
                + "-----END EC PRIVATE KEY-----\n"))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("found EC PRIVATE KEY", "openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void twoBlocksWhereOneIsExpectedAreRefused() {
        String pem = Pem.write(CA.certificate());

        assertThatThrownBy(() -> Pem.readCertificate(pem + pem))
                .isInstanceOf(PkiException.class)
                .hasMessage("expected one PEM CERTIFICATE block, found 2");
    }

    @Test
    void rsaKeysRoundTripAsPkcs1AndPublicKeysAsSubjectPublicKeyInfo() {
        KeyPair key = KeyPairs.rsa2048();
        String privatePem = Pem.writeRsaPkcs1(key.getPrivate());
        String publicPem = Pem.write(key.getPublic());

        assertThat(privatePem).startsWith("-----BEGIN RSA PRIVATE KEY-----\n");
        assertThat(Pem.readRsaPkcs1PrivateKey(privatePem).getEncoded()).isEqualTo(key.getPrivate().getEncoded());
        assertThat(publicPem).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(Pem.readPublicKey(publicPem)).isEqualTo(key.getPublic());
        assertThat(KeyPairs.matches(Pem.readRsaPkcs1PrivateKey(privatePem), Pem.readPublicKey(publicPem))).isTrue();
    }

    @Test
    void pkcs1IsForRsaKeysOnlyAndAPkcs8BlockIsNotAPkcs1One() {
        KeyPair ec = KeyPairs.ecP256();

        assertThatThrownBy(() -> Pem.writeRsaPkcs1(ec.getPrivate())).isInstanceOf(PkiException.class)
                .hasMessage("expected an RSA private key, got EC");
        assertThatThrownBy(() -> Pem.readRsaPkcs1PrivateKey(Pem.write(ec.getPrivate())))
                .isInstanceOf(PkiException.class)
                .hasMessage("expected a PEM RSA PRIVATE KEY block, found PRIVATE KEY");
    }

    @Test
    void everyPrivateKeyFormKubeadmWritesIsRead() throws Exception {
        KeyPair ec = KeyPairs.ecP256();
        KeyPair rsa = KeyPairs.rsa2048();
        // SEC1 as Go's x509.MarshalECPrivateKey writes it: the curve inside the key structure
        String sec1 = "-----BEGIN EC PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(new org.bouncycastle.asn1.sec.ECPrivateKey(256,
                        ((java.security.interfaces.ECPrivateKey) ec.getPrivate()).getS(),
                        new org.bouncycastle.asn1.x9.X962Parameters(
                                org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1)).getEncoded())
                + "\n-----END EC PRIVATE KEY-----\n";

        assertThat(Pem.readKubeadmPrivateKey(Pem.write(ec.getPrivate())).getEncoded())
                .isEqualTo(ec.getPrivate().getEncoded());
        assertThat(Pem.readKubeadmPrivateKey(Pem.writeRsaPkcs1(rsa.getPrivate())).getEncoded())
                .isEqualTo(rsa.getPrivate().getEncoded());
        assertThat(((java.security.interfaces.ECPrivateKey) Pem.readKubeadmPrivateKey(sec1)).getS())
                .isEqualTo(((java.security.interfaces.ECPrivateKey) ec.getPrivate()).getS());
        assertThatThrownBy(() -> Pem.readKubeadmPrivateKey(Pem.write(CA.certificate())))
                .isInstanceOf(PkiException.class).hasMessage("expected a PEM PRIVATE KEY block, found CERTIFICATE");
    }
}
