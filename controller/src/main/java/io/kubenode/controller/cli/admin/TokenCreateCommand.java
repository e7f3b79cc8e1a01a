package io.kubenode.controller.cli.admin;

import io.kubenode.common.cli.CommandLines;
import io.kubenode.controller.client.CreatedToken;
import io.kubenode.controller.client.TokenOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;

@Command(name = "create",
        mixinStandardHelpOptions = true,
        description = {"Creates a bootstrap token and prints only the token (id.secret) on stdout, for scripts: "
                + "TOKEN=$(kubenodectl token create --node node1.internal). The secret is shown this once."},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, "1:the controller refused or was not reached", CommandLines.EXIT_USAGE})
final class TokenCreateCommand extends AdminCommand {

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "1h", converter = Durations.Converter.class,
            description = "How long the token is valid (30m, 24h, 7d at most). Default: ${DEFAULT-VALUE}.")
    Duration ttl;

    @Option(names = "--node", paramLabel = "NAME", description = "Only this node may enroll with it.")
    String node;

    @Option(names = "--uses", paramLabel = "N", defaultValue = "1",
            description = "How many enrollments it allows. Default: ${DEFAULT-VALUE}.")
    int uses;

    @Override
    int execute() {
        if (ttl.isZero()) {
            throw usage("--ttl: expected a positive duration");
        }
        if (uses < 1) {
            throw usage("--uses: expected 1 or more, got " + uses);
        }
        CreatedToken created = api().createToken(new TokenOptions(ttl.toSeconds(), uses, node));
        out().println(created.token());
        return CommandLines.OK;
    }
}
