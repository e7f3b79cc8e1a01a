package io.kubenode.agent.identity;

import io.kubenode.common.pki.Fingerprint;
import io.kubenode.common.pki.SubjectName;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What the agent checks in a certificate the controller issued before it replaces anything: the CA that came with
 * it is one the agent trusts (same public key), the certificate is signed by it, is for the key the agent just
 * made, names this node and nothing else, and is valid now. Returns the trusted CA certificate it chains to.
 */
public final class IssuedCertificateCheck {

    private IssuedCertificateCheck() {
    }

    /** The trusted CA the certificate chains to, or why the certificate must not be used. */
    public static Result check(X509Certificate certificate, X509Certificate returnedCa, List<X509Certificate> trusted,
                               KeyPair key, String nodeName, Instant now) {
        String caHash = Fingerprint.caCertHash(returnedCa);
        Optional<X509Certificate> anchor = trusted.stream()
                .filter(candidate -> Fingerprint.caCertHash(candidate).equals(caHash)).findFirst();
        if (anchor.isEmpty()) {
            return new Result.Refused("the controller returned the CA " + returnedCa.getSubjectX500Principal().getName()
                    + " (" + caHash + "), which is not the trusted one (" + String.join(", ",
                    trusted.stream().map(Fingerprint::caCertHash).toList()) + ")");
        }
        try {
            certificate.verify(anchor.get().getPublicKey());
        } catch (GeneralSecurityException e) {
            return new Result.Refused("the certificate is not signed by the trusted CA (" + caHash + ")");
        }
        if (!Arrays.equals(certificate.getPublicKey().getEncoded(), key.getPublic().getEncoded())) {
            return new Result.Refused("the certificate is for another key than the one this agent sent");
        }
        Optional<SubjectName> subject = SubjectName.of(certificate.getSubjectX500Principal());
        if (subject.isEmpty() || !subject.get().equals(new SubjectName(nodeName, SubjectName.NODES))) {
            return new Result.Refused("the certificate is for " + certificate.getSubjectX500Principal().getName()
                    + ", expected CN=" + nodeName + ",O=" + SubjectName.NODES);
        }
        if (now.isBefore(certificate.getNotBefore().toInstant())
                || now.isAfter(certificate.getNotAfter().toInstant())) {
            return new Result.Refused("the certificate is not valid now (" + certificate.getNotBefore().toInstant()
                    + " to " + certificate.getNotAfter().toInstant() + "); check this machine's clock");
        }
        return new Result.Accepted(anchor.get());
    }

    /** Accepted with the trusted CA it chains to, or refused with the reason. */
    public sealed interface Result {
        record Accepted(X509Certificate ca) implements Result {
        }

        record Refused(String reason) implements Result {
        }
    }
}
