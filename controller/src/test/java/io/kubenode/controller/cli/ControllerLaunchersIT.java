package io.kubenode.controller.cli;

import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.realcheck.ExternalCommand;
import io.kubenode.controller.store.SqliteStore;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** deploy/bin/kubenodectl and deploy/bin/kubenode-controller run the packaged jars, as operators and scripts do. */
class ControllerLaunchersIT {
    private final Path bin = SeedCluster.repositoryRoot().resolve("deploy/bin");

    @Test
    void kubenodectlValidatesTheExampleThroughTheLauncher() throws Exception {
        ExternalCommand.Result run = ExternalCommand.run(List.of(bin.resolve("kubenodectl").toString(),
                "validate", "-f", SeedCluster.exampleFile().toString()));

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).contains("valid, 1 warning");
    }

    @Test
    void kubenodectlPassesExitCodesThrough() throws Exception {
        ExternalCommand.Result usage = ExternalCommand.run(List.of(bin.resolve("kubenodectl").toString(), "bogus"));
        ExternalCommand.Result missing = ExternalCommand.run(List.of(bin.resolve("kubenodectl").toString(),
                "validate", "-f", "/nonexistent/cluster.yaml"));

        assertThat(usage.exitCode()).as(usage.describe()).isEqualTo(2);
        assertThat(missing.exitCode()).as(missing.describe()).isEqualTo(1);
    }

    @Test
    void kubenodeControllerAnswersVersionAndHelp() throws Exception {
        ExternalCommand.Result version = ExternalCommand.run(List.of(bin.resolve("kubenode-controller").toString(),
                "--version"));
        ExternalCommand.Result help = ExternalCommand.run(List.of(bin.resolve("kubenode-controller").toString(),
                "--help"));

        assertThat(version.exitCode()).as(version.describe()).isZero();
        assertThat(version.stdout()).startsWith("kubenode ").doesNotContain("${");
        assertThat(help.stdout()).contains("Usage: kubenode-controller", "Exit codes:");
    }

    @Test
    void aLauncherWithoutABuildSaysHowToBuildInOneLine(@TempDir Path tree) throws Exception {
        Files.createDirectories(tree.resolve("deploy/bin"));
        Files.createDirectories(tree.resolve("deploy/lib"));
        Files.copy(bin.resolve("kubenodectl"), tree.resolve("deploy/bin/kubenodectl"));
        Files.copy(bin.resolve("../lib/launcher.sh"), tree.resolve("deploy/lib/launcher.sh"));
        Files.copy(bin.resolve("../lib/java-opts.sh"), tree.resolve("deploy/lib/java-opts.sh"));

        ExternalCommand.Result run = ExternalCommand.run(List.of(tree.resolve("deploy/bin/kubenodectl").toString(),
                "--help"));

        assertThat(run.exitCode()).isEqualTo(127);
        assertThat(run.stderr().strip()).doesNotContain("\n")
                .startsWith("kubenodectl: not built; run:").contains("mvn -B -DskipTests package");
    }

    @Test
    void serveRunsTheApiBackupCopiesTheStoreOnlineAndSigtermStopsWithExitZero(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        String controller = bin.resolve("kubenode-controller").toString();
        ExternalCommand.Result uninitialised = ExternalCommand.run(List.of(controller, "serve", "--data-dir",
                data.toString(), "--listen", "127.0.0.1:0"));
        ExternalCommand.Result init = ExternalCommand.run(List.of(controller, "init", "--data-dir", data.toString(),
                "--san", "127.0.0.1"));
        assertThat(uninitialised.exitCode()).isEqualTo(1);
        assertThat(uninitialised.stderr()).contains("is not initialised; run: kubenode-controller init");
        assertThat(init.exitCode()).as(init.describe()).isZero();

        Process serve = new ProcessBuilder(controller, "serve", "--data-dir", data.toString(), "--listen",
                "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0").redirectErrorStream(true).start();
        try {
            String line = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertThat(line).startsWith("kubenode-controller: API on 127.0.0.1:");
            String port = line.substring(line.lastIndexOf(':') + 1);
            ExternalCommand.Result health = ExternalCommand.run(List.of("curl", "-sS", "--cacert",
                    data.resolve("pki/ca.crt").toString(), "https://127.0.0.1:" + port + "/healthz"));
            assertThat(health.stdout()).as(health.describe()).isEqualTo("ok\n");
            ExternalCommand.Result put = ExternalCommand.run(List.of("curl", "-sS", "--cacert",
                    data.resolve("pki/ca.crt").toString(), "--cert", data.resolve("pki/admin.crt").toString(),
                    "--key", data.resolve("pki/admin.key").toString(), "-X", "PUT", "-H",
                    "Content-Type: application/yaml", "--data-binary",
                    "@" + SeedCluster.exampleFile(), "https://127.0.0.1:" + port + "/api/v1/cluster"));
            assertThat(put.stdout()).as(put.describe()).endsWith(",\"resourceVersion\":1,\"warnings\":[]}")
                    .contains("\"node1.internal\":{\"changed\":true,\"generation\":1}");

            Path backup = dir.resolve("backup.db");
            ExternalCommand.Result online = ExternalCommand.run(List.of(controller, "backup", "--data-dir",
                    data.toString(), "--out", backup.toString()));
            ExternalCommand.Result again = ExternalCommand.run(List.of(controller, "backup", "--data-dir",
                    data.toString(), "--out", backup.toString()));
            assertThat(online.exitCode()).as(online.describe()).isZero();
            assertThat(Files.getPosixFilePermissions(backup)).containsExactlyInAnyOrder(
                    PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            assertThat(again.exitCode()).isEqualTo(1);
            assertThat(again.stderr()).contains("exists already");
            Path restored = Files.createDirectories(dir.resolve("restored"));
            Files.copy(backup, restored.resolve("kubenode.db"));
            try (SqliteStore copy = SqliteStore.open(restored)) {
                assertThat(copy.currentCluster()).hasValueSatisfying(revision ->
                        assertThat(revision.resourceVersion()).isEqualTo(1));
            }

            ExternalCommand.Result whileServing = ExternalCommand.run(List.of(controller, "restore", "--data-dir",
                    data.toString(), "--from", backup.toString(), "--force"));
            assertThat(whileServing.exitCode()).as(whileServing.describe()).isEqualTo(1);
            assertThat(whileServing.stderr()).contains("serve running");

            serve.destroy(); // SIGTERM

            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(serve.exitValue()).isZero();
            ExternalCommand.Result restore = ExternalCommand.run(List.of(controller, "restore", "--data-dir",
                    data.toString(), "--from", backup.toString()));
            assertThat(restore.exitCode()).as(restore.describe()).isZero();
            try (SqliteStore store = SqliteStore.open(data)) {
                assertThat(store.nodeGeneration("node1.internal")).as("above the generation agents hold")
                        .hasValueSatisfying(generation -> assertThat(generation.generation()).isEqualTo(2));
            }
        } finally {
            serve.destroyForcibly();
        }
    }
    @Test
    void underSystemdTheReadinessWaitPassesAndLogLinesCarryJournaldPriorities(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        String controller = bin.resolve("kubenode-controller").toString();
        ExternalCommand.Result init = ExternalCommand.run(List.of(controller, "init", "--data-dir", data.toString(),
                "--san", "127.0.0.1"));
        assertThat(init.exitCode()).as(init.describe()).isZero();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> options = List.of("--listen", "127.0.0.1:" + port, "--metrics-listen", "127.0.0.1:0");
        Path stderr = Files.createFile(dir.resolve("journal-stream"));
        Map<String, Object> identity = Files.readAttributes(stderr, "unix:dev,ino");
        List<String> serveArgv = new ArrayList<>(List.of(controller, "serve", "--data-dir", data.toString()));
        serveArgv.addAll(options);
        ProcessBuilder builder = new ProcessBuilder(serveArgv).redirectError(stderr.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        // what systemd sets when stderr is the journal: that stream's device and inode
        builder.environment().put("JOURNAL_STREAM", identity.get("dev") + ":" + identity.get("ino"));
        Process serve = builder.start();
        try {
            // the unit's ExecStartPost=, started with serve: it waits for the API
            List<String> readyArgv = new ArrayList<>(List.of(controller, "ready", "--data-dir", data.toString(),
                    "--timeout", "60"));
            readyArgv.addAll(options);
            ExternalCommand.Result ready = ExternalCommand.run(readyArgv);
            assertThat(ready.exitCode()).as(ready.describe()).isZero();
            assertThat(ready.stdout()).contains("API on 127.0.0.1:" + port + " (as 127.0.0.1) is ready");

            ExternalCommand.Result enroll = ExternalCommand.run(List.of("curl", "-sS", "--cacert",
                    data.resolve("pki/ca.crt").toString(), "-X", "POST", "-H", "Content-Type: application/json",
                    "--data", "{}", "https://127.0.0.1:" + port + "/api/v1/enroll")); // no token
            assertThat(enroll.stdout()).as(enroll.describe()).contains("invalid_token");

            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> Files.readString(stderr).contains("enrollment refused"));
            assertThat(Files.readString(stderr).lines().filter(line -> line.contains("enrollment refused")))
                    .as("a refused enrollment is a warning, journald priority 4").singleElement().asString()
                    .startsWith("<4>WARNING io.kubenode.controller.api.EnrollRoutes: enrollment refused from "
                            + "127.0.0.1");
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }
}
