package io.kubenode.controller.cli;

import io.kubenode.common.catalog.CatalogResource;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.ManagedBlockSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.cli.CommandLines;
import io.kubenode.controller.compiler.CatalogCompiler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "render",
        mixinStandardHelpOptions = true,
        description = {"Writes the files a node would get under DIR at their host paths (DIR/etc/haproxy/haproxy.cfg "
                + "...) for review, and summarises the rest of its catalog."},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, "1:invalid document, unknown node or unwritable DIR",
                CommandLines.EXIT_USAGE})
final class RenderCommand implements Callable<Integer> {

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE",
            description = "The Cluster document (YAML or JSON).")
    Path file;

    @Option(names = "--node", required = true, paramLabel = "NAME", description = "The node to render.")
    String node;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write under.")
    Path outDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ClusterFile loaded = ClusterFile.load(file);
        PrintWriter err = spec.commandLine().getErr();
        if (!loaded.valid()) {
            ValidateCommand.printProblems(loaded, err);
            return CommandLines.FAILED;
        }
        if (loaded.cluster().spec().nodes().stream().noneMatch(each -> node.equals(each.name()))) {
            err.println("render: no node named '" + node + "' in " + file);
            return CommandLines.FAILED;
        }
        NodeCatalog catalog = new CatalogCompiler().compile(loaded.cluster(), node);
        List<NodeFilesWriter.Written> written = NodeFilesWriter.write(catalog, outDir);
        printSummary(catalog, written, spec.commandLine().getOut());
        return CommandLines.OK;
    }

    private void printSummary(NodeCatalog catalog, List<NodeFilesWriter.Written> written, PrintWriter out) {
        out.printf("%s (%s, %s): %d resources, content %s%n", catalog.metadata().node(), catalog.spec().role(),
                catalog.spec().osFamily().wireName(), catalog.spec().resources().size(),
                catalog.metadata().contentHash());
        out.printf("  files under %s:%n", outDir);
        written.forEach(file -> out.printf("    %-48s %6d bytes%n", file.hostPath(), file.bytes()));
        Map<String, List<String>> others = new TreeMap<>(catalog.spec().resources().stream()
                .filter(resource -> !resource.type().equals(FileSpec.TYPE) && !resource.type().equals(ManagedBlockSpec.TYPE))
                .collect(Collectors.groupingBy(CatalogResource::type,
                        Collectors.mapping(resource -> resource.spec().name(), Collectors.toList()))));
        others.forEach((type, names) -> out.printf("  %-13s %s%n", type + ":", String.join(" ", names)));
        out.flush();
    }
}
