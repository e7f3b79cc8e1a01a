package io.kubenode.controller.cli.admin;

import io.kubenode.common.cli.CommandLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "pause",
        mixinStandardHelpOptions = true,
        description = {"Pauses the rollout: no further node gets the new revision (nodes already released finish "
                + "theirs, the others keep their catalog). Recorded in the audit log with who paused it and why."},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, "1:no rollout, it is complete, or the controller refused or was not "
                + "reached", CommandLines.EXIT_USAGE})
final class RolloutPauseCommand extends RolloutActionCommand {

    @Option(names = "--reason", paramLabel = "TEXT",
            description = "Why (one line, at most 200 characters); shown in 'rollout status' and the audit log.")
    String reason;

    @Override
    int execute() {
        return act(() -> api().pauseRollout(reason), "rollout paused");
    }
}
