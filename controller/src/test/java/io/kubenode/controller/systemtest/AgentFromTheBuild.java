package io.kubenode.controller.systemtest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent the reactor built (its jar and libraries), copied into a container and run there with the container's
 * java: the command line a test runs instead of an installed package's launcher.
 */
final class AgentFromTheBuild {
    private static final String HOME = "/opt/kubenode-agent";

    private AgentFromTheBuild() {
    }

    /** Copies the built agent into {@code host} under {@value #HOME}. */
    static void copyInto(NspawnHost host) throws IOException, InterruptedException {
        Path repositoryRoot = Path.of("").toAbsolutePath().getParent();
        Path jar = repositoryRoot.resolve("agent/target/kubenode-agent.jar");
        assertThat(jar).as("the reactor builds the agent before the controller's tests").isRegularFile();
        host.copyIn(jar, HOME + "/kubenode-agent.jar");
        host.copyIn(repositoryRoot.resolve("agent/target/lib"), HOME + "/lib");
    }

    /** {@code java ... KubenodeAgent ARGUMENTS} inside the container. */
    static List<String> argv(String... arguments) {
        List<String> argv = new ArrayList<>(List.of("java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                HOME + "/kubenode-agent.jar:" + HOME + "/lib/*", "io.kubenode.agent.cli.KubenodeAgent"));
        argv.addAll(List.of(arguments));
        return argv;
    }
}
