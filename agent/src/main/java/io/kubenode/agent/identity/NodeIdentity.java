package io.kubenode.agent.identity;

import io.kubenode.common.pki.CaTrust;
import io.kubenode.common.pki.CertificateAuthority;
import io.kubenode.common.pki.KeyPairs;
import io.kubenode.common.pki.SubjectName;

import javax.net.ssl.SSLContext;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The node's TLS identity: its private key, the certificate for it and the CA that issued it. Never logged. */
public record NodeIdentity(PrivateKey key, X509Certificate certificate, X509Certificate ca) {

    /** The node name the certificate speaks for (its CN), when it has the node subject shape. */
    public Optional<String> nodeName() {
        return SubjectName.of(certificate.getSubjectX500Principal())
                .filter(subject -> subject.organization().equals(SubjectName.NODES))
                .map(SubjectName::commonName);
    }

    public Instant notBefore() {
        return certificate.getNotBefore().toInstant();
    }

    /** When the controller issued it: what its lifetime, and so the renewal window, counts from (not notBefore). */
    public Instant issuedAt() {
        return CertificateAuthority.issuedAt(certificate);
    }

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    /** Mutual TLS as this node, trusting {@code cas} only. */
    public SSLContext tlsContext(List<X509Certificate> cas) {
        return CaTrust.mutual(key, List.of(certificate), cas);
    }

    /** The certificate's public key belongs to this private key: a signature it makes verifies with it. */
    public static boolean keyMatches(PrivateKey key, X509Certificate certificate) {
        return keyMatches(key, certificate.getPublicKey());
    }

    public static boolean keyMatches(PrivateKey key, PublicKey publicKey) {
        return KeyPairs.matches(key, publicKey);
    }

    @Override
    public String toString() {
        return "NodeIdentity[" + certificate.getSubjectX500Principal() + ", serial "
                + certificate.getSerialNumber().toString(16) + ", until " + notAfter() + "]";
    }
}
