package io.kubenode.controller.cli.admin;

import io.kubenode.common.cli.CommandLines;
import io.kubenode.common.pki.KeyPairs;
import io.kubenode.common.pki.Pem;
import io.kubenode.controller.client.MintedKubeconfig;
import io.kubenode.controller.kubeconfig.AdminCsr;
import io.kubenode.controller.kubeconfig.AdminKubeconfigs;
import io.kubenode.controller.kubeconfig.KubeconfigDocument;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;

@Command(name = "kubeconfig",
        mixinStandardHelpOptions = true,
        description = {"Prints an admin kubeconfig for the cluster: server https://<endpoint host>:<port>, the "
                + "cluster CA, and a client certificate the controller mints from the cluster CA (CN=<your admin "
                + "name>, O=kubeadm:cluster-admins) for a key made here; the key never leaves this machine. The "
                + "controller logs and audits every one (kubeconfig.issue). Kubernetes cannot revoke a client "
                + "certificate: keep the ttl short.",
                "kubenodectl kubeconfig > admin.kubeconfig; kubectl --kubeconfig admin.kubeconfig get nodes"},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, "1:no cluster document yet, or the controller refused or was not "
                + "reached", CommandLines.EXIT_USAGE})
public final class KubeconfigCommand extends AdminCommand {

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "24h", converter = Durations.Converter.class,
            description = "How long the certificate is valid: 10m to 7d. Default: ${DEFAULT-VALUE}.")
    Duration ttl;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "Write the kubeconfig to FILE (created 0600, replaced atomically) instead of stdout.")
    Path outFile;

    @Override
    int execute() {
        if (ttl.compareTo(AdminKubeconfigs.MIN_TTL) < 0 || ttl.compareTo(AdminKubeconfigs.MAX_TTL) > 0) {
            throw usage("--ttl: expected 10m to 7d, got " + Durations.format(ttl));
        }
        KeyPair key = KeyPairs.ecP256();
        MintedKubeconfig minted = api().kubeconfig(Pem.write(AdminCsr.create(key)), ttl.toSeconds());
        String kubeconfig = KubeconfigDocument.withClientKey(minted.kubeconfig(), Pem.write(key.getPrivate()));
        if (outFile == null) {
            out().print(kubeconfig);
        } else {
            try {
                writeOwnerOnly(outFile, kubeconfig);
            } catch (UncheckedIOException e) {
                err().println("error: " + e.getMessage());
                return CommandLines.FAILED;
            }
        }
        err().println("kubeconfig for cluster " + minted.context() + " (" + minted.server() + "): " + minted.subject()
                + ", serial " + minted.serial() + ", valid until " + minted.notAfter()
                + (outFile == null ? "" : "; written to " + outFile));
        return CommandLines.OK;
    }

    /** A new file 0600 from its first byte, moved over {@code file}: no moment where the key is readable to others. */
    private static void writeOwnerOnly(Path file, String text) {
        Path directory = file.toAbsolutePath().getParent();
        try {
            Path temporary = Files.createTempFile(directory, "." + file.getFileName(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(temporary, text, StandardCharsets.UTF_8);
                try {
                    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
