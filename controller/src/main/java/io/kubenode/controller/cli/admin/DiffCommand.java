package io.kubenode.controller.cli.admin;

import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.cli.CommandLines;
import io.kubenode.controller.cli.ClusterFile;
import io.kubenode.controller.client.ClusterDocument;
import io.kubenode.controller.compiler.CatalogCompiler;
import io.kubenode.controller.compiler.InvalidClusterException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

@Command(name = "diff",
        mixinStandardHelpOptions = true,
        description = {"Shows what applying a Cluster document would change: a unified diff of the stored document's "
                + "text against the file, then for each node whether its catalog would change and which resources "
                + "(by id) would be added, removed or changed. Both documents are compiled here; nothing is stored."},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {"0:shown (with or without differences)", "1:invalid document, or the controller refused or "
                + "was not reached", CommandLines.EXIT_USAGE})
public final class DiffCommand extends AdminCommand {

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE",
            description = "The Cluster document (YAML or JSON).")
    Path file;

    @Override
    int execute() {
        ClusterFile proposed = ClusterFile.load(file);
        if (!checkLocally(proposed, file.toString())) {
            return CommandLines.FAILED;
        }
        Optional<ClusterDocument> current = api().cluster();
        String storedLabel = current.map(stored -> "cluster (resourceVersion " + stored.resourceVersion() + ")")
                .orElse("cluster (none stored yet)");
        List<String> text = UnifiedDiff.of(storedLabel, file.toString(),
                current.map(ClusterDocument::document).orElse(""), proposed.text());
        if (text.isEmpty()) {
            out().println("The document text is the same as the stored one.");
        } else {
            text.forEach(out()::println);
        }
        out().println();
        CatalogCompiler compiler = new CatalogCompiler();
        List<NodeCatalog> before;
        try {
            before = current.map(stored -> storedCatalogs(compiler, stored)).orElse(List.of());
        } catch (InvalidClusterException e) {
            out().println("Catalog changes unknown: the stored document does not compile: " + e.getMessage());
            return CommandLines.OK;
        }
        CatalogChanges.render(CatalogChanges.between(before, compiler.compileAll(proposed.cluster())))
                .forEach(out()::println);
        return CommandLines.OK;
    }

    /** The stored document may predate today's validation rules: then it has no catalogs to compare with. */
    private static List<NodeCatalog> storedCatalogs(CatalogCompiler compiler, ClusterDocument stored) {
        ClusterFile parsed = ClusterFile.parse(stored.document());
        if (!parsed.valid()) {
            throw new InvalidClusterException(parsed.result().errors());
        }
        return compiler.compileAll(parsed.cluster());
    }
}
