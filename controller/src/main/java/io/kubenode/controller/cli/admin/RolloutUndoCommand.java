package io.kubenode.controller.cli.admin;

import io.kubenode.common.cli.CommandLines;
import io.kubenode.controller.client.ApiException;
import io.kubenode.controller.rollout.RolloutStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "undo",
        mixinStandardHelpOptions = true,
        description = {"Undoes the rollout: stores the revision before it again, as a new revision, which rolls back "
                + "the same careful way (nodes that never got the new revision take it at once). Asks for --yes. "
                + "Recorded in the audit log."},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, "1:no --yes, no rollout, another revision was stored meanwhile, or "
                + "the controller refused or was not reached", CommandLines.EXIT_USAGE})
final class RolloutUndoCommand extends RolloutActionCommand {

    @Option(names = "--yes", description = "Do it (without: say what it would do, change nothing).")
    boolean yes;

    @Override
    int execute() {
        RolloutStatus current;
        try {
            current = api().rolloutStatus();
        } catch (ApiException e) {
            if (e.isNotFound()) {
                err().println(oneLine(e));
                return CommandLines.FAILED;
            }
            throw e;
        }
        if (!yes) {
            err().println("error: undo would store revision " + current.fromRevision() + " again as a new revision, "
                    + "rolled back node by node behind the same health gates as revision " + current.revision()
                    + "; add --yes to do it");
            return CommandLines.FAILED;
        }
        return act(() -> api().undoRollout(), "revision " + current.fromRevision() + " stored again (undo of "
                + "revision " + current.revision() + ")");
    }
}
