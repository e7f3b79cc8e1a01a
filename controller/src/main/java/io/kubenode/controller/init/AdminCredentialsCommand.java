package io.kubenode.controller.init;

import io.kubenode.common.cli.CommandLines;
import io.kubenode.common.config.KubenodeConfig;
import io.kubenode.common.document.ReadResult;
import io.kubenode.common.pki.CertificateAuthority;
import io.kubenode.common.pki.KeyPairs;
import io.kubenode.common.pki.Pem;
import io.kubenode.common.pki.SubjectName;
import io.kubenode.common.validation.Patterns;
import io.kubenode.controller.files.AtomicFileWriter;
import io.kubenode.controller.store.SqliteStore;
import io.kubenode.controller.store.Store;
import io.kubenode.controller.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "admin-credentials",
        mixinStandardHelpOptions = true,
        description = {"Signs a further admin certificate (O=kubenode:admins) with the data dir's CA and records it "
                + "in the store, so 'kubenodectl certificate revoke SERIAL' can revoke it alone. Writes OUT/NAME.key "
                + "(0600), OUT/NAME.crt, OUT/ca.crt and OUT/NAME.conf (a kubenodectl config, 0600). The CA and "
                + "every other credential stay as they are. Safe while serve runs.",
                "Run it on the controller host as the user that owns the data dir (it reads pki/ca.key)."},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, "1:the data dir is not initialised, a file in OUT exists, or the store "
                + "refused", CommandLines.EXIT_USAGE})
public final class AdminCredentialsCommand implements Callable<Integer> {
    static final int DEFAULT_DAYS = 365;
    static final int MAX_DAYS = 3650;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "The controller's data dir.")
    Path dataDir;

    @Option(names = "--name", required = true, paramLabel = "NAME",
            description = "The admin's name (the certificate's CN, shown as 'who' in the audit log); lowercase "
                    + "letters, digits, '-' and '.'.")
    String name;

    @Option(names = "--out", required = true, paramLabel = "OUT",
            description = "Directory for the new files (made 0700 if missing); none of them may exist yet.")
    Path out;

    @Option(names = "--server-url", paramLabel = "URL", converter = InitCommand.ServerUrlConverter.class,
            description = "The URL the config points kubenodectl at (default: the server of DIR/admin.conf).")
    String serverUrl;

    @Option(names = "--days", paramLabel = "DAYS", defaultValue = "" + DEFAULT_DAYS,
            description = "Validity in days (default: ${DEFAULT-VALUE}, at most " + MAX_DAYS + ").")
    int days;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!Patterns.DNS_1123_SUBDOMAIN.matcher(name).matches()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--name '" + name + "' is not a valid name:"
                    + " expected lowercase letters, digits, '-' and '.', starting and ending with a letter or digit");
        }
        if (days < 1 || days > MAX_DAYS) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--days must be between 1 and " + MAX_DAYS
                    + ", got " + days);
        }
        PrintWriter err = spec.commandLine().getErr();
        InitLayout layout = new InitLayout(dataDir);
        if (!Files.isRegularFile(layout.caKey()) || !Files.isRegularFile(layout.caCertificate())) {
            err.println("kubenode-controller: " + layout.dataDir() + " is not initialised (no " + layout.caKey()
                    + "); run kubenode-controller init first");
            return CommandLines.FAILED;
        }
        Optional<String> server = serverUrl != null ? Optional.of(serverUrl) : serverOf(layout, err);
        if (server.isEmpty()) {
            return CommandLines.FAILED;
        }
        Path dir = out.toAbsolutePath().normalize();
        Path certificateFile = dir.resolve(name + ".crt");
        Path keyFile = dir.resolve(name + ".key");
        Path caFile = dir.resolve("ca.crt");
        Path configFile = dir.resolve(name + ".conf");
        for (Path file : List.of(certificateFile, keyFile, caFile, configFile)) {
            if (Files.exists(file)) {
                err.println("kubenode-controller: " + file + " exists; choose another --out or --name");
                return CommandLines.FAILED;
            }
        }
        CertificateAuthority ca = CertificateAuthority.load(Files.readString(layout.caCertificate()),
                Files.readString(layout.caKey()));
        KeyPair key = KeyPairs.ecP256();
        X509Certificate certificate = ca.issueClient(key.getPublic(), new SubjectName(name, SubjectName.ADMINS),
                Duration.ofDays(days));
        // Recorded before any file exists: a credential that works is always one that can be revoked.
        try (Store store = SqliteStore.open(layout.dataDir())) {
            AdminCertificates.record(store, certificate, AdminCertificates.RECORDED_BY);
        } catch (StoreException e) {
            err.println("kubenode-controller: " + e.getMessage());
            return CommandLines.FAILED;
        }
        AtomicFileWriter.privateDirectory(dir);
        write(keyFile, Pem.write(key.getPrivate()), true);
        write(certificateFile, Pem.write(certificate), false);
        write(caFile, Pem.write(ca.certificate()), false);
        write(configFile, KubenodeConfig.of(server.get(), caFile, certificateFile, keyFile).toYaml(), true);
        PrintWriter stdout = spec.commandLine().getOut();
        List.of(keyFile, certificateFile, caFile, configFile).forEach(file -> stdout.println("created " + file));
        stdout.println("admin " + name + ": serial " + certificate.getSerialNumber().toString(16) + ", valid until "
                + certificate.getNotAfter().toInstant());
        stdout.flush();
        return CommandLines.OK;
    }

    private static Optional<String> serverOf(InitLayout layout, PrintWriter err) throws IOException {
        if (!Files.isRegularFile(layout.adminConfig())) {
            err.println("kubenode-controller: no " + layout.adminConfig() + " to take the server URL from; give "
                    + "--server-url");
            return Optional.empty();
        }
        ReadResult<KubenodeConfig> read = KubenodeConfig.read(Files.readAllBytes(layout.adminConfig()));
        if (read instanceof ReadResult.Read<KubenodeConfig> config) {
            return Optional.of(config.value().server());
        }
        err.println("kubenode-controller: cannot read the server URL from " + layout.adminConfig()
                + "; give --server-url");
        return Optional.empty();
    }

    private static void write(Path file, String content, boolean secret) throws IOException {
        AtomicFileWriter.write(file, content.getBytes(StandardCharsets.UTF_8),
                secret ? AtomicFileWriter.PRIVATE : AtomicFileWriter.PUBLIC);
    }
}
