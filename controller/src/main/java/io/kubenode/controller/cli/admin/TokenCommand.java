package io.kubenode.controller.cli.admin;

import io.kubenode.common.cli.CommandGroup;
import io.kubenode.common.cli.CommandLines;
import picocli.CommandLine.Command;

@Command(name = "token",
        mixinStandardHelpOptions = true,
        description = "Bootstrap tokens, with which a node's agent enrolls (kubenode-agent enroll --token).",
        subcommands = {TokenCreateCommand.class, TokenListCommand.class, TokenRevokeCommand.class},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, CommandLines.EXIT_FAILED, CommandLines.EXIT_USAGE})
public final class TokenCommand extends CommandGroup {
}
