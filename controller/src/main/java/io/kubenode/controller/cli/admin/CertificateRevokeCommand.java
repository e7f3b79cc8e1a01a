package io.kubenode.controller.cli.admin;

import io.kubenode.common.cli.CommandLines;
import io.kubenode.controller.client.CertificateRevoked;
import io.kubenode.controller.node.CertificateSerials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.math.BigInteger;
import java.util.Optional;

@Command(name = "revoke",
        mixinStandardHelpOptions = true,
        description = {"Revokes one certificate by serial, a node's or an admin's: from now on the controller refuses "
                + "it (401 certificate_revoked) on every request. The CA and every other certificate stay valid.",
                "Serials as 'kubenodectl certificate list' shows them, or as 'openssl x509 -noout -serial' prints "
                        + "them. Revoking your own admin certificate locks you out: mint another one first with "
                        + "'kubenode-controller admin-credentials'."},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, "1:no certificate with that serial was recorded, or the controller "
                + "refused or was not reached", CommandLines.EXIT_USAGE})
final class CertificateRevokeCommand extends AdminCommand {

    @Parameters(index = "0", paramLabel = "SERIAL", description = "The certificate's serial (hex).")
    String serial;

    @Override
    int execute() {
        Optional<BigInteger> parsed = CertificateSerials.parse(serial);
        if (parsed.isEmpty()) {
            throw usage(CertificateSerials.problem(serial));
        }
        CertificateRevoked revoked = api().revokeCertificate(CertificateSerials.hex(parsed.get()));
        out().println(revoked.kind() + " certificate " + revoked.serial() + " of " + revoked.subject() + ": "
                + (revoked.alreadyRevoked() ? "was revoked already" : "revoked"));
        return CommandLines.OK;
    }
}
