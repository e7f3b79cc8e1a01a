package io.kubenode.controller.cli;

import io.kubenode.controller.cli.admin.Environment;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs kubenodectl in process, as the launcher would, and captures what it prints. */
public final class KubenodectlRunner {

    public record Run(int exitCode, String stdout, String stderr) {
    }

    private KubenodectlRunner() {
    }

    public static Run run(String... args) {
        return run(Environment.system(), args);
    }

    /** With {@code environment} in place of the process's variables and home (EDITOR, KUBENODE_CONFIG). */
    public static Run run(Environment environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Kubenodectl.run(environment, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exitCode, out.toString(), err.toString());
    }
}
