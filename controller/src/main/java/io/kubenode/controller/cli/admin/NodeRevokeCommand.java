package io.kubenode.controller.cli.admin;

import io.kubenode.common.cli.CommandLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

@Command(name = "revoke",
        mixinStandardHelpOptions = true,
        description = {"Revokes every certificate issued to a node: from now on the controller refuses it (401) on "
                + "every request. It can come back only by enrolling with a new bootstrap token."},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, "1:no certificate was issued to the node, or the controller refused or "
                + "was not reached", CommandLines.EXIT_USAGE})
final class NodeRevokeCommand extends AdminCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The node.")
    String name;

    @Override
    int execute() {
        List<String> serials = api().revokeNode(name);
        if (serials.isEmpty()) {
            out().println("node " + name + ": no certificate left to revoke");
        } else {
            out().println("node " + name + ": revoked " + serials.size() + " certificate"
                    + (serials.size() == 1 ? "" : "s"));
            serials.forEach(serial -> out().println("  serial " + serial));
        }
        return CommandLines.OK;
    }
}
