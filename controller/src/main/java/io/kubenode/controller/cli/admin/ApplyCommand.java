package io.kubenode.controller.cli.admin;

import io.kubenode.common.cli.CommandLines;
import io.kubenode.controller.cli.ClusterFile;
import io.kubenode.controller.client.ApiException;
import io.kubenode.controller.client.ClusterApplied;
import io.kubenode.controller.client.ClusterDocument;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

@Command(name = "apply",
        mixinStandardHelpOptions = true,
        description = {"Stores a Cluster document on the controller. It is validated here first (problems printed as "
                + "'path: message'), then sent with the resourceVersion it replaces; if someone stored another "
                + "version meanwhile, the controller refuses it (409) and nothing changes.",
                "A change that restarts a service on a node rolls out node by node behind health gates (see "
                        + "'kubenodectl rollout'). --all-at-once --yes is the emergency path: every node gets the "
                        + "revision at the same moment (audited)."},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, "1:invalid document, or the controller refused or was not reached",
                CommandLines.EXIT_USAGE})
public final class ApplyCommand extends AdminCommand {

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE",
            description = "The Cluster document (YAML or JSON).")
    Path file;

    @Option(names = "--all-at-once",
            description = "Emergency path: every node gets the revision now, not node by node. Every node restarts "
                    + "what the change restarts at the same moment (all control planes together). Needs --yes.")
    boolean allAtOnce;

    @Option(names = "--yes", description = "Confirms --all-at-once.")
    boolean yes;

    @Override
    int execute() {
        if (yes && !allAtOnce) {
            throw usage("--yes confirms --all-at-once; without --all-at-once there is nothing to confirm");
        }
        if (allAtOnce && !yes) {
            err().println("error: --all-at-once gives every node the revision at the same moment, so every node "
                    + "restarts what the change restarts at once (all control planes together, the endpoint may go "
                    + "down); add --yes if that is better than rolling node by node. Nothing was sent.");
            return CommandLines.FAILED;
        }
        ClusterFile loaded = ClusterFile.load(file);
        if (!checkLocally(loaded, file.toString())) {
            return CommandLines.FAILED;
        }
        Optional<ClusterDocument> current = api().cluster();
        if (current.isPresent() && current.get().document().equals(loaded.text())) {
            out().println("cluster unchanged (resourceVersion " + current.get().resourceVersion() + ")");
            return CommandLines.OK;
        }
        ClusterApplied applied;
        try {
            applied = api().putCluster(loaded.text(), current.map(ClusterDocument::resourceVersion).orElse(0L),
                    allAtOnce);
        } catch (ApiException e) {
            if (e.isConflict()) {
                e.lines().forEach(err()::println);
                err().println("the cluster document changed while " + file + " was being applied; nothing was stored."
                        + " Check with 'kubenodectl diff -f " + file + "', then apply again.");
                return CommandLines.FAILED;
            }
            throw e;
        }
        StoredReport.print(out(), err(), "cluster configured (resourceVersion " + applied.resourceVersion()
                + (allAtOnce ? ", all at once" : "") + ")", applied);
        return CommandLines.OK;
    }
}
