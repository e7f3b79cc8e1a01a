package io.kubenode.controller.init;

import io.kubenode.controller.cli.KubenodeController;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs kubenode-controller in process, as the launcher would, and captures what it prints. */
final class InitRunner {

    record Run(int exitCode, String stdout, String stderr) {
    }

    private InitRunner() {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = KubenodeController.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exitCode, out.toString(), err.toString());
    }
}
