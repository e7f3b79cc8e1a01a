package io.kubenode.controller.cli.admin;

import io.kubenode.common.cli.CommandGroup;
import io.kubenode.common.cli.CommandLines;
import picocli.CommandLine.Command;

@Command(name = "get",
        mixinStandardHelpOptions = true,
        description = "Prints the cluster document or the nodes' state from the controller.",
        subcommands = {GetClusterCommand.class, GetNodesCommand.class},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, CommandLines.EXIT_FAILED, CommandLines.EXIT_USAGE})
public final class GetCommand extends CommandGroup {
}
