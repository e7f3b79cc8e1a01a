package io.kubenode.controller.cli.admin;

import io.kubenode.common.cli.CommandLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "revoke", aliases = {"delete", "rm"},
        mixinStandardHelpOptions = true,
        description = "Revokes a bootstrap token: no node can enroll with it any more.",
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, "1:no such token, or the controller refused or was not reached",
                CommandLines.EXIT_USAGE})
final class TokenRevokeCommand extends AdminCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The token's id (the part before the dot).")
    String id;

    @Override
    int execute() {
        String bare = id.contains(".") ? id.substring(0, id.indexOf('.')) : id;
        api().revokeToken(bare);
        out().println("token " + bare + " revoked");
        return CommandLines.OK;
    }
}
