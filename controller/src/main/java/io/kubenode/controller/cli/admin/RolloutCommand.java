package io.kubenode.controller.cli.admin;

import io.kubenode.common.cli.CommandGroup;
import io.kubenode.common.cli.CommandLines;
import picocli.CommandLine.Command;

@Command(name = "rollout",
        mixinStandardHelpOptions = true,
        description = {"Watches and steers the rollout of the newest revision: a change that restarts a service on "
                + "a node reaches control planes one at a time and workers in batches, each behind health gates. "
                + "Pause, resume and undo are recorded in the audit log with who did them."},
        subcommands = {RolloutStatusCommand.class, RolloutPauseCommand.class, RolloutResumeCommand.class,
                RolloutUndoCommand.class},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, CommandLines.EXIT_FAILED, CommandLines.EXIT_USAGE})
public final class RolloutCommand extends CommandGroup {
}
