package io.kubenode.controller.client;

import io.kubenode.common.pki.CaTrust;
import io.kubenode.common.pki.KeyPairs;
import io.kubenode.common.pki.Pem;
import io.kubenode.common.pki.PkiException;

import javax.net.ssl.SSLContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A TLS context from PEM files: trusts exactly the CA certificates of one file (never the JDK's trust store, never
 * everything) and presents one client certificate with its key. Problems are {@link ConfigException}s that name the
 * config field and file; a key that does not match its certificate is caught here, not in a handshake.
 */
final class PemTls {
    /** A PEM file and what to call it in errors ("config /x/admin.conf: clientKey"). */
    record Source(String label, Path path) {
        ConfigException problem(String message) {
            return new ConfigException(label + ": " + path + ": " + message);
        }
    }

    private PemTls() {
    }

    static SSLContext context(Source ca, Source certificate, Source key) {
        List<X509Certificate> anchors = certificates(ca);
        List<X509Certificate> chain = certificates(certificate);
        checkValidity(certificate, chain.get(0));
        PrivateKey privateKey = privateKey(key);
        checkMatch(key, privateKey, certificate, chain.get(0));
        try {
            return CaTrust.mutual(privateKey, chain, anchors);
        } catch (PkiException e) {
            throw new ConfigException("cannot build a TLS context from " + ca.path() + ", " + certificate.path()
                    + " and " + key.path() + ": " + e.getMessage());
        }
    }

    private static List<X509Certificate> certificates(Source source) {
        byte[] pem = read(source);
        try {
            List<X509Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem)).stream()
                    .map(X509Certificate.class::cast).toList();
            if (certificates.isEmpty()) {
                throw source.problem("holds no PEM certificate");
            }
            return certificates;
        } catch (GeneralSecurityException e) {
            throw source.problem("not a PEM certificate: " + e.getMessage());
        }
    }

    private static PrivateKey privateKey(Source source) {
        try {
            return Pem.readPrivateKey(new String(read(source), StandardCharsets.US_ASCII));
        } catch (PkiException e) {
            throw source.problem(e.getMessage());
        }
    }

    private static byte[] read(Source source) {
        try {
            return Files.readAllBytes(source.path());
        } catch (NoSuchFileException e) {
            throw source.problem("no such file");
        } catch (IOException e) {
            throw source.problem("cannot read: " + e.getMessage());
        }
    }

    private static void checkValidity(Source source, X509Certificate certificate) {
        try {
            certificate.checkValidity();
        } catch (CertificateExpiredException e) {
            throw source.problem("the certificate expired at " + certificate.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw source.problem("the certificate is not valid before " + certificate.getNotBefore().toInstant());
        }
    }

    /** Keys of a type whose pairing cannot be proven here are left to the handshake. */
    private static void checkMatch(Source keySource, PrivateKey key, Source certificateSource,
                                   X509Certificate certificate) {
        if (KeyPairs.canProveMatch(key) && !KeyPairs.matches(key, certificate.getPublicKey())) {
            throw keySource.problem("the key does not belong to the certificate in " + certificateSource.path());
        }
    }
}
