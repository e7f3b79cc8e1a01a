package io.kubenode.controller.cli.admin;

import io.kubenode.common.cli.CommandGroup;
import io.kubenode.common.cli.CommandLines;
import picocli.CommandLine.Command;

@Command(name = "node",
        mixinStandardHelpOptions = true,
        description = "Node credentials.",
        subcommands = {NodeRevokeCommand.class, NodeForgetCommand.class},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, CommandLines.EXIT_FAILED, CommandLines.EXIT_USAGE})
public final class NodeCommand extends CommandGroup {
}
