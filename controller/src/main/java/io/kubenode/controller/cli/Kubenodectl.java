package io.kubenode.controller.cli;

import io.kubenode.common.cli.CommandGroup;
import io.kubenode.common.cli.CommandLines;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** kubenodectl: edits and inspects the desired state of kubenode clusters. */
@Command(name = "kubenodectl",
        mixinStandardHelpOptions = true,
        versionProvider = CommandLines.Version.class,
        description = "Edits and inspects the desired state of kubenode clusters.",
        subcommands = {ValidateCommand.class, CompileCommand.class, RenderCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, CommandLines.EXIT_FAILED, CommandLines.EXIT_USAGE})
public final class Kubenodectl extends CommandGroup {

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return CommandGroup.run(new Kubenodectl(), out, err, args);
    }

    public static void main(String[] args) {
        CommandGroup.exit(new Kubenodectl(), args);
    }
}
