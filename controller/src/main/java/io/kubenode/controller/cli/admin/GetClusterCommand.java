package io.kubenode.controller.cli.admin;

import io.kubenode.common.cli.CommandLines;
import io.kubenode.common.document.Documents;
import io.kubenode.controller.client.ClusterDocument;
import io.kubenode.controller.orchestration.view.OrchestrationStatus;
import io.kubenode.controller.rollout.RolloutStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

@Command(name = "cluster",
        mixinStandardHelpOptions = true,
        description = {"Shows the cluster: its name, resourceVersion, where the orchestration stands (PHASE, how long "
                + "it has been in it, MESSAGE) and how long each phase took. -o yaml prints the document as it was "
                + "submitted (comments and key order kept); -o json the document with its resourceVersion, author "
                + "and time, and the orchestration (the JSON of GET /api/v1/orchestration; no such key before the first "
                + "decision) and the rollout (GET /api/v1/rollout; no such key before the first). While a revision "
                + "is rolling out or paused, the table shows a ROLLOUT line (see 'kubenodectl rollout status').",
                "With -w, polls every second and prints a line whenever the phase or its message changes, with how "
                        + "long the previous phase took, until interrupted, --timeout, or with --until-ready the "
                        + "cluster is Ready (exit 0) or Failed (exit 1)."},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, "1:no document yet, the controller refused or was not reached, or "
                + "--until-ready ended Failed or timed out", CommandLines.EXIT_USAGE})
final class GetClusterCommand extends AdminCommand {
    enum Format { yaml, json }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
            description = "yaml (the document text as stored) or json (with resourceVersion, author, createdAt and "
                    + "orchestration). Default: the table.")
    Format format;

    @Option(names = {"-w", "--watch"}, description = "Keep polling and print each phase transition.")
    boolean watch;

    @Option(names = "--until-ready", description = "Watch until the cluster is Ready (exit 0) or Failed (exit 1); "
            + "implies -w.")
    boolean untilReady;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.Converter.class,
            description = "Stop watching after this long (30s, 5m, 1h); with --until-ready that is exit 1.")
    Duration timeout;

    @Override
    int execute() {
        boolean watching = watch || untilReady;
        if (watching && format != null) {
            throw usage("-w and --until-ready print transitions: use no -o");
        }
        if (timeout != null && !watching) {
            throw usage("--timeout needs -w or --until-ready");
        }
        Optional<ClusterDocument> current = storedCluster();
        if (current.isEmpty()) {
            return CommandLines.FAILED;
        }
        if (watching) {
            return new ClusterWatch(api(), out(), err(), untilReady, timeout).run();
        }
        if (format == Format.yaml) {
            String text = current.get().document();
            out().print(text.endsWith("\n") ? text : text + "\n");
            return CommandLines.OK;
        }
        Optional<OrchestrationStatus> orchestration = api().orchestration();
        Optional<RolloutStatus> rollout = api().rollout();
        if (format == Format.json) {
            ClusterDocument document = current.get();
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("resourceVersion", document.resourceVersion());
            json.put("author", document.author());
            json.put("createdAt", document.createdAt());
            json.put("document", document.document());
            json.put("orchestration", orchestration.orElse(null));
            json.put("rollout", rollout.orElse(null));
            out().print(Documents.toJson(json));
        } else {
            ClusterTable.print(current.get(), orchestration, rollout, out());
        }
        return CommandLines.OK;
    }
}
