package io.kubenode.controller.cli.admin;

import io.kubenode.common.cli.CommandLines;
import io.kubenode.controller.client.ControllerApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "forget",
        mixinStandardHelpOptions = true,
        description = {"Declares a node that is leaving the cluster (removed from the document) gone for good: its "
                + "drain and its kubeadm reset, which need the node itself, are skipped; its etcd member and Node "
                + "object are still removed from a remaining control plane; its certificates are revoked. Asks for "
                + "--yes. Recorded in the audit log."},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, "1:no --yes, the node is not leaving, or the controller refused or was "
                + "not reached", CommandLines.EXIT_USAGE})
final class NodeForgetCommand extends AdminCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The node, removed from spec.nodes.")
    String name;

    @Option(names = "--yes", description = "Do it (without: say what it would do, change nothing).")
    boolean yes;

    @Override
    int execute() {
        if (!yes) {
            err().println("error: forget would skip " + name + "'s drain and kubeadm reset (nothing would run on the "
                    + "host again: if it comes back, reset it by hand) and revoke its certificates; add --yes to do "
                    + "it");
            return CommandLines.FAILED;
        }
        ControllerApi.Forgotten forgotten = api().forgetNode(name);
        out().println("node " + forgotten.node() + ": forgotten by " + forgotten.forgottenBy() + " at step "
                + forgotten.step() + "; its drain and reset are skipped; revoked "
                + forgotten.revokedSerials().size() + " certificate" + (forgotten.revokedSerials().size() == 1 ? ""
                : "s"));
        return CommandLines.OK;
    }
}
