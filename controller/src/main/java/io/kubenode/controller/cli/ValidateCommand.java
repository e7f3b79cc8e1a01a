package io.kubenode.controller.cli;

import io.kubenode.common.cli.CommandLines;
import io.kubenode.common.validation.Problem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "validate",
        mixinStandardHelpOptions = true,
        description = "Checks a Cluster document and prints every problem as 'path: message' (warnings marked).",
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {"0:valid (warnings allowed)", "1:invalid", CommandLines.EXIT_USAGE})
final class ValidateCommand implements Callable<Integer> {

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE",
            description = "The Cluster document (YAML or JSON).")
    Path file;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ClusterFile loaded = ClusterFile.load(file);
        PrintWriter out = spec.commandLine().getOut();
        printProblems(loaded, out);
        int errors = loaded.result().errors().size();
        int warnings = loaded.result().warnings().size();
        out.println(file + ": " + (errors == 0 ? "valid" : "invalid, " + plural(errors, "error"))
                + (warnings == 0 ? "" : ", " + plural(warnings, "warning")));
        return loaded.valid() ? CommandLines.OK : CommandLines.FAILED;
    }

    static void printProblems(ClusterFile loaded, PrintWriter out) {
        for (Problem problem : loaded.result().problems()) {
            out.println(problem.render());
        }
    }

    static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
