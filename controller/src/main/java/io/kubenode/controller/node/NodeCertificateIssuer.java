package io.kubenode.controller.node;

import io.kubenode.common.pki.ApprovedCsr;
import io.kubenode.common.pki.CertificateAuthority;
import io.kubenode.common.pki.Pem;
import io.kubenode.controller.store.Store;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Signs node certificates (at enrollment and renewal) and records each one in the store before it is handed out,
 * so that revoking a node later finds every serial it holds. Blocking: call from a worker.
 */
public final class NodeCertificateIssuer {
    private final CertificateAuthority ca;
    private final Store store;
    private final Duration validity;

    public NodeCertificateIssuer(CertificateAuthority ca, Store store, Duration validity) {
        this.ca = ca;
        this.store = store;
        this.validity = validity;
    }

    /** How long the certificates it signs are valid. */
    public Duration validity() {
        return validity;
    }

    /** Signs the approved request; {@code action} (node.enroll) names it in the audit log. */
    public X509Certificate issue(ApprovedCsr approved, String action) {
        X509Certificate certificate = ca.sign(approved, validity);
        store.recordIssuedCertificate(approved.subject().commonName(), certificate.getSerialNumber(),
                certificate.getNotAfter().toInstant(), action);
        return certificate;
    }

    /**
     * Signs a renewal asked for with the node's certificate {@code renewedWith}; empty if that certificate was
     * revoked before the new one could be recorded (the store checks it in the recording transaction, so a renewal
     * that raced a revocation never hands out a valid certificate).
     */
    public Optional<X509Certificate> renew(ApprovedCsr approved, BigInteger renewedWith) {
        X509Certificate certificate = ca.sign(approved, validity);
        boolean recorded = store.recordRenewedCertificate(approved.subject().commonName(), renewedWith,
                certificate.getSerialNumber(), certificate.getNotAfter().toInstant());
        return recorded ? Optional.of(certificate) : Optional.empty();
    }

    /** The answer body of enroll and renew: the certificate and the CA, both PEM. */
    public Map<String, String> answer(X509Certificate certificate) {
        return Map.of("certificate", Pem.write(certificate), "ca", Pem.write(ca.certificate()));
    }
}
