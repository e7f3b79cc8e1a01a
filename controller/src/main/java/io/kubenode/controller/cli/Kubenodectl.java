package io.kubenode.controller.cli;

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
public final class Kubenodectl implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return CommandLines.create(new Kubenodectl(), out, err).execute(args);
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(out, err, args));
    }
}
