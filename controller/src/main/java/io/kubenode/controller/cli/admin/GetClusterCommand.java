package io.kubenode.controller.cli.admin;

import io.kubenode.common.cli.CommandLines;
import io.kubenode.common.document.Documents;
import io.kubenode.controller.client.ClusterDocument;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Optional;

@Command(name = "cluster",
        mixinStandardHelpOptions = true,
        description = {"Prints the stored cluster document: as it was submitted (-o yaml, comments and key order kept), "
                + "or with its resourceVersion, author and time (-o json)."},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, "1:no document yet, or the controller refused or was not reached",
                CommandLines.EXIT_USAGE})
final class GetClusterCommand extends AdminCommand {
    enum Format { yaml, json }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "yaml",
            description = "yaml (the document text as stored) or json (with resourceVersion, author, createdAt). "
                    + "Default: ${DEFAULT-VALUE}.")
    Format format;

    @Override
    int execute() {
        Optional<ClusterDocument> current = storedCluster();
        if (current.isEmpty()) {
            return CommandLines.FAILED;
        }
        if (format == Format.json) {
            out().print(Documents.toJson(current.get()));
        } else {
            String text = current.get().document();
            out().print(text.endsWith("\n") ? text : text + "\n");
        }
        return CommandLines.OK;
    }
}
