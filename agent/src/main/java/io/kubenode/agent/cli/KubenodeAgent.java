package io.kubenode.agent.cli;

import io.kubenode.common.cli.CommandGroup;
import io.kubenode.common.cli.CommandLines;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** kubenode-agent: makes this host match its catalog and keeps it so. */
@Command(name = "kubenode-agent",
        mixinStandardHelpOptions = true,
        versionProvider = CommandLines.Version.class,
        description = "The kubenode agent: makes this host match its catalog and keeps it so.",
        subcommands = {PlanCommand.class, ApplyCommand.class, RunCommand.class, EnrollCommand.class, FactsCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, CommandLines.EXIT_FAILED, CommandLines.EXIT_USAGE})
public final class KubenodeAgent extends CommandGroup {

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return CommandGroup.run(new KubenodeAgent(), out, err, args);
    }

    /** Log lines: see {@code ProcessLogging} (one line per record; journald priorities under systemd). */
    public static void main(String[] args) {
        CommandGroup.exit(new KubenodeAgent(), args);
    }
}
