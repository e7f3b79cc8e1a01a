package io.kubenode.common.pki;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class FingerprintTest {
    private static final CertificateAuthority CA = CertificateAuthority.create("kubenode-ca");

    @TempDir
    Path dir;

    @Test
    void certificateFingerprintIsWhatOpensslShows() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.crt"), Pem.write(CA.certificate()));

        String openssl = Openssl.ok("x509", "-in", ca.toString(), "-noout", "-fingerprint", "-sha256");

        String hex = openssl.substring(openssl.indexOf('=') + 1).strip().replace(":", "").toLowerCase();
        assertThat(Fingerprint.of(CA.certificate())).isEqualTo("sha256:" + hex);
    }

    /** The recipe the kubeadm docs give for --discovery-token-ca-cert-hash. */
    @Test
    void caCertHashIsKubeadmsHashOfTheSubjectPublicKeyInfo() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.crt"), Pem.write(CA.certificate()));
        Path publicKey = dir.resolve("ca.pub.pem");
        Path der = dir.resolve("ca.pub.der");
        Openssl.ok("x509", "-in", ca.toString(), "-noout", "-pubkey", "-out", publicKey.toString());
        Openssl.ok("pkey", "-pubin", "-in", publicKey.toString(), "-outform", "der", "-out", der.toString());

        String digest = Openssl.ok("dgst", "-sha256", "-r", der.toString());

        String expected = digest.substring(0, digest.indexOf(' '));
        assertThat(Fingerprint.caCertHash(CA.certificate())).isEqualTo("sha256:" + expected)
                .isNotEqualTo(Fingerprint.of(CA.certificate()));
    }
}
