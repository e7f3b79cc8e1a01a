package io.kubenode.controller.init;

import io.kubenode.common.pki.Pem;
import io.kubenode.common.pki.SubjectName;
import io.kubenode.controller.store.IssuedCertificate;
import io.kubenode.controller.store.Store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.cert.X509Certificate;

/**
 * Admin (and monitoring) certificates in the store, so each can be revoked by serial. Blocking.
 */
public final class AdminCertificates {
    static final String RECORDED_BY = "kubenode-controller";

    private AdminCertificates() {
    }

    /** Records an admin certificate the controller just signed. */
    public static void record(Store store, X509Certificate certificate, String who) {
        record(store, IssuedCertificate.Kind.ADMIN, certificate, who);
    }

    /** Records a client certificate of {@code kind} (admin, monitoring) the controller just signed. */
    public static void record(Store store, IssuedCertificate.Kind kind, X509Certificate certificate, String who) {
        store.recordCertificate(kind, SubjectName.of(certificate.getSubjectX500Principal())
                        .map(SubjectName::commonName).orElse(certificate.getSubjectX500Principal().getName()),
                certificate.getSerialNumber(), certificate.getNotAfter().toInstant(), who);
    }

    /**
     * Records {@code pki/admin.crt} if the store does not know it: a data dir made before admin certificates were
     * recorded keeps a revocable admin.conf. Nothing to do without the file.
     */
    public static void adopt(InitLayout layout, Store store) {
        if (!Files.isRegularFile(layout.adminCertificate())) {
            return;
        }
        X509Certificate certificate;
        try {
            certificate = Pem.readCertificate(Files.readString(layout.adminCertificate()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + layout.adminCertificate(), e);
        }
        if (store.issuedCertificate(certificate.getSerialNumber()).isEmpty()) {
            record(store, certificate, RECORDED_BY);
        }
    }
}
