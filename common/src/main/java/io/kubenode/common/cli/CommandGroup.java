package io.kubenode.common.cli;

import io.kubenode.common.log.ProcessLogging;
import picocli.CommandLine;

import java.io.PrintWriter;

/** A top-level command that only groups subcommands: run without one, it is a usage error (exit 2). */
public abstract class CommandGroup implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public final void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** Runs a command line with the kubenode conventions (exit codes, one-line failures). */
    public static int run(Object command, PrintWriter out, PrintWriter err, String... args) {
        return CommandLines.create(command, out, err).execute(args);
    }

    /** main(): runs the command on the process's streams, logging as {@link ProcessLogging} says, and exits. */
    public static void exit(Object command, String... args) {
        ProcessLogging.configure(System.getenv());
        System.exit(run(command, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }
}
