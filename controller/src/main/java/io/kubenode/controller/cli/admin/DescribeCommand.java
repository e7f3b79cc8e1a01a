package io.kubenode.controller.cli.admin;

import io.kubenode.common.cli.CommandGroup;
import io.kubenode.common.cli.CommandLines;
import picocli.CommandLine.Command;

@Command(name = "describe",
        mixinStandardHelpOptions = true,
        description = "Shows everything the controller knows about one object.",
        subcommands = {DescribeNodeCommand.class},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, CommandLines.EXIT_FAILED, CommandLines.EXIT_USAGE})
public final class DescribeCommand extends CommandGroup {
}
