package io.kubenode.controller.cli.admin;

import io.kubenode.common.cli.CommandLines;
import picocli.CommandLine.Command;

@Command(name = "resume",
        mixinStandardHelpOptions = true,
        description = {"Resumes a paused rollout: nodes are released again one control plane at a time and workers "
                + "in batches; a node that had failed is released again with a fresh health timeout. Recorded in the "
                + "audit log."},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, "1:no rollout, it is not paused, or the controller refused or was not "
                + "reached", CommandLines.EXIT_USAGE})
final class RolloutResumeCommand extends RolloutActionCommand {

    @Override
    int execute() {
        return act(() -> api().resumeRollout(), "rollout resumed");
    }
}
