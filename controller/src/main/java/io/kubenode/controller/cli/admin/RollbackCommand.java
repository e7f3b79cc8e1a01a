package io.kubenode.controller.cli.admin;

import io.kubenode.common.cli.CommandLines;
import io.kubenode.controller.client.ClusterApplied;
import io.kubenode.controller.client.ClusterDocument;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Optional;

@Command(name = "rollback",
        mixinStandardHelpOptions = true,
        description = {"Stores the text of an earlier revision again, as a new revision (history keeps everything). "
                + "Refused (409) if someone stores another revision meanwhile."},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, "1:no such revision, or the controller refused or was not reached",
                CommandLines.EXIT_USAGE})
public final class RollbackCommand extends AdminCommand {

    @Option(names = "--to", required = true, paramLabel = "REVISION",
            description = "The revision to go back to (a REVISION of 'kubenodectl history').")
    long revision;

    @Override
    int execute() {
        if (revision < 1) {
            throw usage("--to: expected a revision of 1 or more, got " + revision);
        }
        List<ClusterDocument> history = api().history();
        Optional<ClusterDocument> target = history.stream().filter(each -> each.resourceVersion() == revision)
                .findFirst();
        if (target.isEmpty()) {
            err().println("error: there is no revision " + revision + (history.isEmpty() ? "; nothing is stored yet"
                    : "; the revisions are 1.." + history.get(history.size() - 1).resourceVersion()));
            return CommandLines.FAILED;
        }
        ClusterDocument current = api().cluster().orElseThrow();
        if (current.document().equals(target.get().document())) {
            out().println("revision " + current.resourceVersion() + " already has the text of revision " + revision
                    + "; nothing to do");
            return CommandLines.OK;
        }
        ClusterApplied applied = api().putCluster(target.get().document(), current.resourceVersion());
        StoredReport.print(out(), err(), "rolled back to revision " + revision + " as revision " + applied.resourceVersion(),
                applied);
        return CommandLines.OK;
    }
}
