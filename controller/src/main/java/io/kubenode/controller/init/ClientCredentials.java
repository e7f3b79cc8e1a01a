package io.kubenode.controller.init;

import io.kubenode.common.pki.CertificateAuthority;
import io.kubenode.common.pki.KeyPairs;
import io.kubenode.common.pki.Pem;
import io.kubenode.common.pki.SubjectName;
import io.kubenode.common.validation.Patterns;
import io.kubenode.controller.files.AtomicFileWriter;
import io.kubenode.controller.store.IssuedCertificate;
import io.kubenode.controller.store.SqliteStore;
import io.kubenode.controller.store.Store;
import io.kubenode.controller.store.StoreException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A client certificate signed with the data dir's CA on the controller host (admin-credentials,
 * monitoring-credentials): recorded in the store before any file exists, so a credential that works is always one
 * that can be revoked by serial, then written as OUT/NAME.key (0600), OUT/NAME.crt and OUT/ca.crt.
 */
final class ClientCredentials {
    static final int DEFAULT_DAYS = 365;
    static final int MAX_DAYS = 3650;

    /** The certificate and the files written for it. */
    record Minted(X509Certificate certificate, Path keyFile, Path certificateFile, Path caFile) {
        List<Path> files() {
            return List.of(keyFile, certificateFile, caFile);
        }
    }

    private ClientCredentials() {
    }

    /** The options every such command takes: a DNS-1123 name and 1..{@value #MAX_DAYS} days. */
    static void checkArguments(CommandLine.Model.CommandSpec spec, String name, int days) {
        if (!Patterns.DNS_1123_SUBDOMAIN.matcher(name).matches()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--name '" + name + "' is not a valid name:"
                    + " expected lowercase letters, digits, '-' and '.', starting and ending with a letter or digit");
        }
        if (days < 1 || days > MAX_DAYS) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--days must be between 1 and " + MAX_DAYS
                    + ", got " + days);
        }
    }

    /** False (and why, on {@code err}) when the data dir has no CA to sign with. */
    static boolean initialised(InitLayout layout, PrintWriter err) {
        if (Files.isRegularFile(layout.caKey()) && Files.isRegularFile(layout.caCertificate())) {
            return true;
        }
        err.println("kubenode-controller: " + layout.dataDir() + " is not initialised (no " + layout.caKey()
                + "); run kubenode-controller init first");
        return false;
    }

    /**
     * Signs and records a certificate for {@code subject} and writes its files under {@code dir} (made 0700 if
     * missing); empty, with the reason on {@code err}, when one of them or of {@code moreFiles} exists already or the
     * store refuses.
     */
    static Optional<Minted> mint(InitLayout layout, SubjectName subject, IssuedCertificate.Kind kind, int days,
                                 Path dir, List<Path> moreFiles, PrintWriter err) throws IOException {
        Path keyFile = dir.resolve(subject.commonName() + ".key");
        Path certificateFile = dir.resolve(subject.commonName() + ".crt");
        Path caFile = dir.resolve("ca.crt");
        List<Path> all = new ArrayList<>(List.of(certificateFile, keyFile, caFile));
        all.addAll(moreFiles);
        for (Path file : all) {
            if (Files.exists(file)) {
                err.println("kubenode-controller: " + file + " exists; choose another --out or --name");
                return Optional.empty();
            }
        }
        CertificateAuthority ca = CertificateAuthority.load(Files.readString(layout.caCertificate()),
                Files.readString(layout.caKey()));
        KeyPair key = KeyPairs.ecP256();
        X509Certificate certificate = ca.issueClient(key.getPublic(), subject, Duration.ofDays(days));
        try (Store store = SqliteStore.open(layout.dataDir())) {
            AdminCertificates.record(store, kind, certificate, AdminCertificates.RECORDED_BY);
        } catch (StoreException e) {
            err.println("kubenode-controller: " + e.getMessage());
            return Optional.empty();
        }
        AtomicFileWriter.privateDirectory(dir);
        write(keyFile, Pem.write(key.getPrivate()), true);
        write(certificateFile, Pem.write(certificate), false);
        write(caFile, Pem.write(ca.certificate()), false);
        return Optional.of(new Minted(certificate, keyFile, certificateFile, caFile));
    }

    /** "created FILE" for each file written, then "WHO: serial S, valid until T". */
    static void report(PrintWriter out, String who, Minted minted, List<Path> moreFiles) {
        minted.files().forEach(file -> out.println("created " + file));
        moreFiles.forEach(file -> out.println("created " + file));
        out.println(who + ": serial " + minted.certificate().getSerialNumber().toString(16) + ", valid until "
                + minted.certificate().getNotAfter().toInstant());
        out.flush();
    }

    static void write(Path file, String content, boolean secret) throws IOException {
        AtomicFileWriter.write(file, content.getBytes(StandardCharsets.UTF_8),
                secret ? AtomicFileWriter.PRIVATE : AtomicFileWriter.PUBLIC);
    }
}
