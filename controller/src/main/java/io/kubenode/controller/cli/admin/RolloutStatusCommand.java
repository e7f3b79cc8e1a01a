package io.kubenode.controller.cli.admin;

import io.kubenode.common.cli.CommandLines;
import io.kubenode.common.document.Documents;
import io.kubenode.controller.client.ApiException;
import io.kubenode.controller.rollout.RolloutStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status",
        mixinStandardHelpOptions = true,
        description = {"Shows the newest revision's rollout: the revision, the one before it, whether it is Rolling, "
                + "Paused (who paused it and why, or the node and resource that failed) or Complete, how many control "
                + "planes and workers it has reached, then per node the revision it holds, its state (Pending, "
                + "Released, Done, Failed), what the revision restarts there, since when, and the gate it waits for "
                + "or why it failed."},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, "1:no rollout yet, or the controller refused or was not reached",
                CommandLines.EXIT_USAGE})
final class RolloutStatusCommand extends RolloutActionCommand {
    enum Format { yaml, json }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
            description = "json or yaml (the rollout as GET /api/v1/rollout answers it). Default: the table.")
    Format format;

    @Override
    int execute() {
        RolloutStatus status;
        try {
            status = api().rolloutStatus();
        } catch (ApiException e) {
            if (e.isNotFound()) {
                err().println(oneLine(e));
                return CommandLines.FAILED;
            }
            throw e;
        }
        if (format == Format.json) {
            out().print(Documents.toJson(status));
        } else if (format == Format.yaml) {
            out().print(Documents.toYamlInInsertionOrder(status));
        } else {
            RolloutView.print(status, now(), out());
        }
        return CommandLines.OK;
    }
}
