package io.kubenode.controller.cli.admin;

import io.kubenode.common.cli.CommandLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.Instant;

@Command(name = "node", aliases = {"nodes", "no"},
        mixinStandardHelpOptions = true,
        description = {"Shows one node: its summary, the facts its agent reported (hostname, OS, kernel, CPUs, memory, "
                + "addresses, containerd and kubelet versions), conditions, the state of every resource in its "
                + "last pass with the reasons of failed and skipped ones, and its last errors."},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, "1:unknown node, or the controller refused or was not reached",
                CommandLines.EXIT_USAGE})
final class DescribeNodeCommand extends AdminCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The node.")
    String name;

    @Override
    int execute() {
        NodeDescription.print(api().node(name), out(), Instant.now());
        return CommandLines.OK;
    }
}
