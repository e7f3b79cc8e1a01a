package io.kubenode.controller.cli;

import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.catalog.SecretRedaction;
import io.kubenode.common.cli.CommandLines;
import io.kubenode.common.document.Documents;
import io.kubenode.controller.compiler.CatalogCompiler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "compile",
        mixinStandardHelpOptions = true,
        description = "Prints the catalog of one node, or of every node, compiled from a Cluster document; the content "
                + "of secret files is shown as (secret, N bytes, sha256:...).",
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, "1:invalid document or unknown node", CommandLines.EXIT_USAGE})
final class CompileCommand implements Callable<Integer> {

    enum Format { yaml, json }

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE",
            description = "The Cluster document (YAML or JSON).")
    Path file;

    @Option(names = "--node", paramLabel = "NAME", description = "Only this node (default: every node).")
    String node;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "yaml",
            description = "yaml (one document per node) or json (an array without --node). Default: ${DEFAULT-VALUE}.")
    Format format;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ClusterFile loaded = ClusterFile.load(file);
        if (!loaded.valid()) {
            ValidateCommand.printProblems(loaded, spec.commandLine().getErr());
            return CommandLines.FAILED;
        }
        if (node != null && loaded.cluster().spec().nodes().stream().noneMatch(each -> node.equals(each.name()))) {
            spec.commandLine().getErr().println("compile: no node named '" + node + "' in " + file);
            return CommandLines.FAILED;
        }
        CatalogCompiler compiler = new CatalogCompiler();
        List<NodeCatalog> catalogs = node == null
                ? compiler.compileAll(loaded.cluster())
                : List.of(compiler.compile(loaded.cluster(), node));
        print(catalogs, node == null, format, spec.commandLine().getOut());
        return CommandLines.OK;
    }

    /**
     * Prints catalogs with secret content redacted; the content hash printed is the real catalog's, computed from
     * the real content (the redaction is an output concern only).
     */
    static void print(List<NodeCatalog> compiled, boolean asArray, Format format, PrintWriter out) {
        List<NodeCatalog> catalogs = SecretRedaction.of(compiled);
        if (format == Format.json) {
            out.print(Documents.toJson(asArray ? catalogs : catalogs.get(0)));
        } else {
            catalogs.forEach(catalog -> out.print(Documents.toYaml(catalog)));
        }
        out.flush();
    }
}
