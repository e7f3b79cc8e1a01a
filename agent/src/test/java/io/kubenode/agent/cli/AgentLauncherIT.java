package io.kubenode.agent.cli;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** deploy/bin/kubenode-agent runs the packaged agent jar. */
class AgentLauncherIT {
    private final Path launcher = Path.of(System.getProperty("project.basedir", "agent")).toAbsolutePath()
            .getParent().resolve("deploy/bin/kubenode-agent");

    @Test
    void answersVersionAndHelpWithExitCodes() throws Exception {
        assertThat(run("--version")).startsWith("kubenode ").doesNotContain("${");
        assertThat(run("--help")).contains("Usage: kubenode-agent", "Exit codes:");
    }

    @Test
    void noCommandIsAUsageError() throws Exception {
        Process process = new ProcessBuilder(launcher.toString()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
    }

    private String run(String argument) throws Exception {
        Process process = new ProcessBuilder(launcher.toString(), argument).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
