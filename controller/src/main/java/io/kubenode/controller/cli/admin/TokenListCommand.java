package io.kubenode.controller.cli.admin;

import io.kubenode.common.cli.CommandLines;
import io.kubenode.controller.client.TokenView;
import picocli.CommandLine.Command;

import java.time.Instant;
import java.util.List;

@Command(name = "list", aliases = "ls",
        mixinStandardHelpOptions = true,
        description = "Lists bootstrap tokens, revoked and expired ones included; never a secret.",
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, "1:the controller refused or was not reached", CommandLines.EXIT_USAGE})
final class TokenListCommand extends AdminCommand {

    @Override
    int execute() {
        List<TokenView> tokens = api().tokens();
        if (tokens.isEmpty()) {
            err().println("No bootstrap tokens.");
            return CommandLines.OK;
        }
        Instant now = Instant.now();
        Table table = new Table(List.of("ID", "NODE", "USES-LEFT", "EXPIRES", "REVOKED", "CREATED-BY"));
        tokens.forEach(token -> table.row(List.of(token.id(), token.nodeName() == null ? "<any>" : token.nodeName(),
                Integer.toString(token.usesLeft()), Ages.expiry(token.expiresAt(), now), token.revoked() ? "yes" : "no",
                token.createdBy() == null ? Ages.NONE : token.createdBy())));
        table.print(out());
        return CommandLines.OK;
    }
}
