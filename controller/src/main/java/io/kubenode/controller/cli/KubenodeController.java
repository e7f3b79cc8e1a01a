package io.kubenode.controller.cli;

import io.kubenode.common.cli.CommandLines;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * kubenode-controller: the central service. Its commands (init, serve, backup) arrive with the controller issue;
 * until then it answers --help and --version only.
 */
@Command(name = "kubenode-controller",
        mixinStandardHelpOptions = true,
        versionProvider = CommandLines.Version.class,
        description = "The kubenode controller: stores desired state, signs agent certificates, serves catalogs.",
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, CommandLines.EXIT_FAILED, CommandLines.EXIT_USAGE})
public final class KubenodeController implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        System.exit(CommandLines.create(new KubenodeController(), new PrintWriter(System.out, true),
                new PrintWriter(System.err, true)).execute(args));
    }
}
