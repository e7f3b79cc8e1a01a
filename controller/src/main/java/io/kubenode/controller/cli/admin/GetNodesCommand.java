package io.kubenode.controller.cli.admin;

import io.kubenode.common.cli.CommandLines;
import io.kubenode.common.document.Documents;
import io.kubenode.common.status.NodeSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

@Command(name = "nodes", aliases = {"node", "no"},
        mixinStandardHelpOptions = true,
        description = {"Lists every node the cluster document names, has enrolled or that reports: its role, whether "
                + "its agent converged, the catalog generation it applied and the one it should have, failed "
                + "resources and when it last reported.",
                "With -w, polls every second and prints a node's row again when it changes, until interrupted, "
                        + "--timeout, or with --until-converged every node the document names converged."},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, "1:the controller refused or was not reached, or --until-converged "
                + "timed out", CommandLines.EXIT_USAGE})
final class GetNodesCommand extends AdminCommand {
    enum Format { wide, yaml, json }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
            description = "wide (adds ENROLLED, REVOKED, CERT-EXPIRES), yaml or json. Default: the table.")
    Format format;

    @Option(names = {"-w", "--watch"}, description = "Keep polling and print rows that changed.")
    boolean watch;

    @Option(names = "--until-converged",
            description = "Watch until every node the cluster document names is converged at its desired generation "
                    + "(exit 0); implies -w.")
    boolean untilConverged;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.Converter.class,
            description = "Stop watching after this long (30s, 5m, 1h); with --until-converged that is exit 1.")
    Duration timeout;

    @Override
    int execute() {
        boolean watching = watch || untilConverged;
        boolean table = format == null || format == Format.wide;
        if (watching && !table) {
            throw usage("-w and --until-converged print tables: use no -o or -o wide");
        }
        if (timeout != null && !watching) {
            throw usage("--timeout needs -w or --until-converged");
        }
        if (watching) {
            return new NodeWatch(api(), out(), err(), format == Format.wide, untilConverged, timeout).run();
        }
        List<NodeSummary> nodes = api().nodes();
        if (format == Format.json) {
            out().print(Documents.toJson(Map.of("items", nodes)));
        } else if (format == Format.yaml) {
            out().print(Documents.toYamlInInsertionOrder(Map.of("items", nodes)));
        } else if (nodes.isEmpty()) {
            err().println("No nodes: the cluster document names none and none enrolled.");
        } else {
            NodeTable.table(nodes, format == Format.wide, Instant.now()).print(out());
        }
        return CommandLines.OK;
    }
}
