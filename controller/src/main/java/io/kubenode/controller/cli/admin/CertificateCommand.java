package io.kubenode.controller.cli.admin;

import io.kubenode.common.cli.CommandGroup;
import io.kubenode.common.cli.CommandLines;
import picocli.CommandLine.Command;

@Command(name = "certificate", aliases = {"certificates", "cert"},
        mixinStandardHelpOptions = true,
        description = "Every certificate the controller signed (nodes and admins), and revoking one by serial.",
        subcommands = {CertificateListCommand.class, CertificateRevokeCommand.class},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, CommandLines.EXIT_FAILED, CommandLines.EXIT_USAGE})
public final class CertificateCommand extends CommandGroup {
}
