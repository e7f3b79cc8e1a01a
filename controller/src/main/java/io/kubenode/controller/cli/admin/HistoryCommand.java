package io.kubenode.controller.cli.admin;

import io.kubenode.common.cli.CommandLines;
import io.kubenode.controller.client.ClusterDocument;
import picocli.CommandLine.Command;

import java.util.List;

@Command(name = "history",
        mixinStandardHelpOptions = true,
        description = "Lists every stored revision of the cluster document, oldest first (see rollback --to).",
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, "1:the controller refused or was not reached", CommandLines.EXIT_USAGE})
public final class HistoryCommand extends AdminCommand {

    @Override
    int execute() {
        List<ClusterDocument> revisions = api().history();
        if (revisions.isEmpty()) {
            err().println("No revisions: the controller has no cluster document yet.");
            return CommandLines.OK;
        }
        Table table = new Table(List.of("REVISION", "AUTHOR", "CREATED"));
        revisions.forEach(revision -> table.row(List.of(Long.toString(revision.resourceVersion()), revision.author(),
                Ages.instant(revision.createdAt()))));
        table.print(out());
        return CommandLines.OK;
    }
}
