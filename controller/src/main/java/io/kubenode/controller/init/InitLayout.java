package io.kubenode.controller.init;

import java.nio.file.Path;

/** Where init puts things under the data dir; absolute, since admin.conf records these paths. */
public record InitLayout(Path dataDir) {

    public InitLayout {
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    public Path pki() {
        return dataDir.resolve("pki");
    }

    public Path caCertificate() {
        return pki().resolve("ca.crt");
    }

    public Path caKey() {
        return pki().resolve("ca.key");
    }

    public Path serverCertificate() {
        return pki().resolve("server.crt");
    }

    public Path serverKey() {
        return pki().resolve("server.key");
    }

    public Path adminCertificate() {
        return pki().resolve("admin.crt");
    }

    public Path adminKey() {
        return pki().resolve("admin.key");
    }

    /** The key-encryption key sealing the secrets the store keeps (see clusterpki.KeyEncryptionKey). */
    public Path keyEncryptionKey() {
        return pki().resolve("kek.key");
    }

    public Path adminConfig() {
        return dataDir.resolve("admin.conf");
    }
}
