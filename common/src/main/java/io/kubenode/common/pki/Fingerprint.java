package io.kubenode.common.pki;

import org.bouncycastle.asn1.x509.Certificate;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/** "sha256:&lt;hex&gt;" digests of certificates, for printing and for pinning a CA. */
public final class Fingerprint {
    private static final String PREFIX = "sha256:";

    private Fingerprint() {
    }

    /** The digest of the whole certificate (DER), as {@code openssl x509 -fingerprint -sha256} shows it. */
    public static String of(X509Certificate certificate) {
        try {
            return PREFIX + sha256Hex(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new PkiException("cannot encode certificate " + certificate.getSubjectX500Principal(), e);
        }
    }

    /**
     * The CA pin, computed as kubeadm's {@code --discovery-token-ca-cert-hash}: the digest of the CA's
     * SubjectPublicKeyInfo, so it survives re-issuing the CA certificate with the same key.
     */
    public static String caCertHash(X509Certificate caCertificate) {
        try {
            byte[] spki = Certificate.getInstance(caCertificate.getEncoded()).getSubjectPublicKeyInfo().getEncoded();
            return PREFIX + sha256Hex(spki);
        } catch (CertificateEncodingException | IOException e) {
            throw new PkiException("cannot encode certificate " + caCertificate.getSubjectX500Principal(), e);
        }
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
