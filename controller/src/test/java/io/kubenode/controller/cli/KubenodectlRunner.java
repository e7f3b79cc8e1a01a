package io.kubenode.controller.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs kubenodectl in process, as the launcher would, and captures what it prints. */
public final class KubenodectlRunner {

    public record Run(int exitCode, String stdout, String stderr) {
    }

    private KubenodectlRunner() {
    }

    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Kubenodectl.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exitCode, out.toString(), err.toString());
    }
}
