package io.kubenode.controller.cli.admin;

import io.kubenode.common.cli.CommandGroup;
import io.kubenode.common.cli.CommandLines;
import picocli.CommandLine.Command;

@Command(name = "edit",
        mixinStandardHelpOptions = true,
        description = "Edits a stored object in $EDITOR.",
        subcommands = {EditClusterCommand.class},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, CommandLines.EXIT_FAILED, CommandLines.EXIT_USAGE})
public final class EditCommand extends CommandGroup {
}
