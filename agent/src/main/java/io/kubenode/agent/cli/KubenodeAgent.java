package io.kubenode.agent.cli;

import io.kubenode.common.cli.CommandLines;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * kubenode-agent: reconciles this host against its catalog. Its commands (plan, apply, run, facts, enroll)
 * arrive with the agent issue; until then it answers --help and --version only.
 */
@Command(name = "kubenode-agent",
        mixinStandardHelpOptions = true,
        versionProvider = CommandLines.Version.class,
        description = "The kubenode agent: makes this host match its catalog and keeps it so.",
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, CommandLines.EXIT_FAILED, CommandLines.EXIT_USAGE})
public final class KubenodeAgent implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        System.exit(CommandLines.create(new KubenodeAgent(), new PrintWriter(System.out, true),
                new PrintWriter(System.err, true)).execute(args));
    }
}
