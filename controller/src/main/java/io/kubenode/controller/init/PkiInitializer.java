package io.kubenode.controller.init;

import io.kubenode.common.config.KubenodeConfig;
import io.kubenode.common.pki.CertificateAuthority;
import io.kubenode.common.pki.Fingerprint;
import io.kubenode.common.pki.KeyPairs;
import io.kubenode.common.pki.Pem;
import io.kubenode.common.pki.SubjectName;
import io.kubenode.controller.clusterpki.KeyEncryptionKey;
import io.kubenode.controller.files.AtomicFileWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Makes the controller's CA, server certificate and admin credentials, and writes them with admin.conf, and the
 * key-encryption key if the data dir has none yet.
 */
final class PkiInitializer {
    static final String CA_NAME = "kubenode-ca";
    static final String SERVER_NAME = "kubenode-controller";
    static final SubjectName ADMIN = new SubjectName("kubenode-admin", SubjectName.ADMINS);
    static final Duration SERVER_VALIDITY = Duration.ofDays(365);
    static final Duration ADMIN_VALIDITY = Duration.ofDays(365);

    record Created(List<Path> files, String caCertHash) {
        Created {
            files = List.copyOf(files);
        }
    }

    private final InitLayout layout;
    private final List<Path> written = new ArrayList<>();

    private PkiInitializer(InitLayout layout) {
        this.layout = layout;
    }

    static Created initialise(InitLayout layout, List<String> sans, String serverUrl) throws IOException {
        return new PkiInitializer(layout).run(sans, serverUrl);
    }

    private Created run(List<String> sans, String serverUrl) throws IOException {
        CertificateAuthority ca = CertificateAuthority.create(CA_NAME);
        KeyPair serverKey = KeyPairs.ecP256();
        X509Certificate server = ca.issueServer(serverKey.getPublic(), SERVER_NAME, sans, SERVER_VALIDITY);
        KeyPair adminKey = KeyPairs.ecP256();
        X509Certificate admin = ca.issueClient(adminKey.getPublic(), ADMIN, ADMIN_VALIDITY);

        AtomicFileWriter.createDirectories(layout.dataDir());
        AtomicFileWriter.privateDirectory(layout.pki());
        write(layout.caCertificate(), Pem.write(ca.certificate()), AtomicFileWriter.PUBLIC);
        write(layout.serverCertificate(), Pem.write(server), AtomicFileWriter.PUBLIC);
        write(layout.serverKey(), Pem.write(serverKey.getPrivate()), AtomicFileWriter.PRIVATE);
        write(layout.adminCertificate(), Pem.write(admin), AtomicFileWriter.PUBLIC);
        write(layout.adminKey(), Pem.write(adminKey.getPrivate()), AtomicFileWriter.PRIVATE);
        write(layout.adminConfig(), KubenodeConfig.of(serverUrl, layout.caCertificate(), layout.adminCertificate(),
                layout.adminKey()).toYaml(), AtomicFileWriter.PRIVATE);
        // Never replaced (init --force keeps it): the secrets the store sealed under it would be lost.
        if (KeyEncryptionKey.createIfAbsent(layout)) {
            written.add(layout.keyEncryptionKey());
        }
        // Last: ca.key marks a finished init, so an interrupted one can simply be run again.
        write(layout.caKey(), Pem.write(ca.privateKey()), AtomicFileWriter.PRIVATE);
        return new Created(written, Fingerprint.caCertHash(ca.certificate()));
    }

    private void write(Path file, String content, Set<PosixFilePermission> mode) throws IOException {
        AtomicFileWriter.write(file, content.getBytes(StandardCharsets.UTF_8), mode);
        written.add(file);
    }
}
