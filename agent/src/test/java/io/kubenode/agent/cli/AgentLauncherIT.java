package io.kubenode.agent.cli;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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

    @Test
    void theDaemonStopsOnSigtermWithExitZeroAndReleasesItsLock(@TempDir Path root) throws Exception {
        Path catalog = launcher.getParent().getParent().getParent()
                .resolve("controller/src/test/resources/golden/node1.internal.yaml");
        Process daemon = new ProcessBuilder(launcher.toString(), "run", "--sandbox", "--root", root.toString(),
                "--config", "/nonexistent", "--catalog", catalog.toString(), "--metrics-listen", "127.0.0.1:0")
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        BufferedReader output = new BufferedReader(new InputStreamReader(daemon.getInputStream(),
                StandardCharsets.UTF_8));
        assertThat(output.readLine()).startsWith("kubenode-agent: metrics on port ");
        Path report = root.resolve("var/lib/kubenode-agent/last-report.json");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(report));

        daemon.destroy(); // SIGTERM, what systemctl stop sends

        assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(daemon.exitValue()).isZero();
        Process again = new ProcessBuilder(launcher.toString(), "apply", "--once", "--sandbox", "--root",
                root.toString(), "--config", "/nonexistent", "--catalog", catalog.toString())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        String againOutput = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(again.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(again.exitValue()).as("the lock is free again: %s", againOutput).isZero();
    }

    @Test
    void logRecordsAreOneLineEachWithLevelAndSourceForJournald(@TempDir Path root) throws Exception {
        Process daemon = new ProcessBuilder(launcher.toString(), "run", "--sandbox", "--root", root.toString(),
                "--config", "/nonexistent", "--catalog", "/nonexistent/catalog.json", "--metrics-listen",
                "127.0.0.1:0").redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(daemon.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(output.readLine()).startsWith("kubenode-agent: metrics on port ");

            assertThat(output.readLine()).as("the refused catalog's warning, whole on one line")
                    .startsWith("WARNING io.kubenode.agent.daemon.AgentDaemon: new catalog refused")
                    .contains("/nonexistent/catalog.json");
        } finally {
            daemon.destroy();
            assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void underSystemdEachLogLineCarriesItsJournaldPriority(@TempDir Path root) throws Exception {
        Path stderr = Files.createFile(root.resolve("journal-stream"));
        Map<String, Object> identity = Files.readAttributes(stderr, "unix:dev,ino");
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "run", "--sandbox", "--root",
                root.resolve("machine").toString(), "--config", "/nonexistent", "--catalog",
                "/nonexistent/catalog.json", "--metrics-listen", "127.0.0.1:0")
                .redirectError(stderr.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // what systemd sets when stderr is the journal: that stream's device and inode
        builder.environment().put("JOURNAL_STREAM", identity.get("dev") + ":" + identity.get("ino"));
        Process daemon = builder.start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> Files.readString(stderr).contains("new catalog refused"));

            assertThat(Files.readString(stderr).lines().filter(line -> line.contains("new catalog refused")))
                    .as("warning is journald priority 4").singleElement().asString()
                    .startsWith("<4>WARNING io.kubenode.agent.daemon.AgentDaemon: new catalog refused");
        } finally {
            daemon.destroy();
            assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
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
