package io.kubenode.controller.node;

import io.kubenode.common.pki.ApprovedCsr;
import io.kubenode.common.pki.CertificateAuthority;
import io.kubenode.common.pki.Pem;
import io.kubenode.controller.store.Store;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;

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

    /** Signs the approved request; {@code action} (node.enroll, node.renew) names it in the audit log. */
    public X509Certificate issue(ApprovedCsr approved, String action) {
        X509Certificate certificate = ca.sign(approved, validity);
        store.recordIssuedCertificate(approved.subject().commonName(), certificate.getSerialNumber(),
                certificate.getNotAfter().toInstant(), action);
        return certificate;
    }

    /** The answer body of enroll and renew: the certificate and the CA, both PEM. */
    public Map<String, String> answer(X509Certificate certificate) {
        return Map.of("certificate", Pem.write(certificate), "ca", Pem.write(ca.certificate()));
    }
}
