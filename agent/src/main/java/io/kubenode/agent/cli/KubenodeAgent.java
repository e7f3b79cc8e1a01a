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

    /**
     * One line per log record, level and source first: the agent logs to journald, which adds the time and the
     * unit, and the JDK's default two-line format splits every record in {@code journalctl}. An operator's
     * {@code -Djava.util.logging.SimpleFormatter.format} (KUBENODE_JAVA_OPTS) still wins.
     */
    static final String LOG_FORMAT = "%4$s %3$s: %5$s%6$s%n";

    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", LOG_FORMAT);
        }
        CommandGroup.exit(new KubenodeAgent(), args);
    }
}
