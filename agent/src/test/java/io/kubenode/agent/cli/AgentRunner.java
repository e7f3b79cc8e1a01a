package io.kubenode.agent.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** Runs kubenode-agent in process and captures what it prints. */
public final class AgentRunner {

    public record Run(int exitCode, String stdout, String stderr) {
    }

    private AgentRunner() {
    }

    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = KubenodeAgent.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    /** The seed cluster's node1 catalog, as the controller's golden test pins it. */
    public static Path node1Catalog() {
        return Path.of(System.getProperty("project.basedir", "agent")).toAbsolutePath().getParent()
                .resolve("controller/src/test/resources/golden/node1.internal.yaml");
    }
}
