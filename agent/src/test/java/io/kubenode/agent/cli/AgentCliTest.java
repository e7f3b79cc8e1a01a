package io.kubenode.agent.cli;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.host.HostLock;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.state.StateDir;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.document.Documents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AgentCliTest {
    @TempDir
    Path dir;

    @Test
    void aPathOutsideThePolicyIsRefusedAndNothingIsWritten() throws Exception {
        Path catalog = write(EngineHarness.catalogOf(
                FileSpec.rootOwned("/root/.ssh/authorized_keys", "ssh-ed25519 AAAA attacker\n", "0600")));

        AgentRunner.Run run = apply(catalog);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).contains("! file:/root/.ssh/authorized_keys failed: refused by the path policy");
        assertThat(dir.resolve("root/root")).doesNotExist();
    }

    @Test
    void aPathClimbingOutOfTheRootIsRefused() throws Exception {
        Path catalog = write(EngineHarness.catalogOf(FileSpec.rootOwned("/etc/../../../tmp/escaped", "x\n", "0644")));

        AgentRunner.Run run = apply(catalog);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).contains("refused by the path policy: not a normalized path");
        assertThat(dir.resolve("tmp/escaped")).doesNotExist();
        assertThat(Path.of("/tmp/escaped")).doesNotExist();
    }

    @Test
    void aConfiguredPolicyIsHonoured() throws Exception {
        Path config = Files.writeString(dir.resolve("agent.yaml"), "writablePaths: [/etc/kubenode]\n");
        Path catalog = write(EngineHarness.catalogOf(FileSpec.rootOwned("/etc/hosts.allow", "ALL: ALL\n", "0644")));

        AgentRunner.Run run = AgentRunner.run("apply", "--once", "--catalog", catalog.toString(), "--root",
                dir.resolve("root").toString(), "--config", config.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).contains("outside the writable paths /etc/kubenode");
    }

    @Test
    void aBadConfigIsRefusedWithItsPaths() throws Exception {
        Path config = Files.writeString(dir.resolve("agent.yaml"), "writablePaths: [relative]\nintervalSecs: 5\n");

        AgentRunner.Run run = AgentRunner.run("apply", "--once", "--catalog", write(EngineHarness.catalogOf(
                FileSpec.rootOwned("/etc/containerd/x", "x\n", "0644"))).toString(), "--root", dir.resolve("root").toString(),
                "--config", config.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("unknown field 'intervalSecs'");
        assertThat(dir.resolve("root")).doesNotExist();
    }

    @Test
    void malformedAndTruncatedCatalogsAreRefusedWithNothingApplied() throws Exception {
        String json = Documents.toJson(EngineHarness.catalogOf(FileSpec.rootOwned("/etc/containerd/x", "x\n", "0644")));
        for (String broken : List.of(json.substring(0, json.length() / 3), "not: [a catalog", "",
                json.replace("\"type\" : \"file\"", "\"type\" : \"bogus\""))) {
            Path catalog = Files.writeString(dir.resolve("broken.json"), broken);

            AgentRunner.Run run = apply(catalog);

            assertThat(run.exitCode()).as(broken).isEqualTo(1);
            assertThat(run.stderr()).contains("refused, nothing applied");
            assertThat(dir.resolve("root")).doesNotExist();
        }
    }

    @Test
    void aSecondRunWhileTheLockIsHeldExitsOneAndNamesTheHolder() throws Exception {
        Path root = dir.resolve("root");
        try (HostLock held = new StateDir(new LocalHost(root), StateDir.DEFAULT).tryLock().orElseThrow()) {
            AgentRunner.Run run = AgentRunner.run("apply", "--once", "--catalog", write(EngineHarness.catalogOf(
                    FileSpec.rootOwned("/etc/containerd/x", "x\n", "0644"))).toString(), "--root", root.toString(),
                    "--config", dir.resolve("none.yaml").toString());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.stderr()).contains("another kubenode-agent run (pid " + ProcessHandle.current().pid());
            assertThat(root.resolve("etc/containerd/x")).doesNotExist();
        }
    }

    @Test
    void planAsJsonIsAReportAndWritesNothing() throws Exception {
        Path catalog = write(EngineHarness.catalogOf(FileSpec.rootOwned("/etc/containerd/x", "x\n", "0644")));

        AgentRunner.Run run = AgentRunner.run("plan", "-o", "json", "--catalog", catalog.toString(), "--root",
                dir.resolve("root").toString(), "--config", dir.resolve("none.yaml").toString());

        assertThat(run.exitCode()).isZero();
        Report report = Documents.json().readValue(run.stdout(), Report.class);
        assertThat(report.changes()).containsExactly("+ file:/etc/containerd/x (2 B)");
        assertThat(dir.resolve("root")).doesNotExist();
    }

    @Test
    void sandboxNeedsARootOtherThanSlash() throws Exception {
        Path catalog = write(EngineHarness.catalogOf(FileSpec.rootOwned("/etc/containerd/x", "x\n", "0644")));

        AgentRunner.Run run = AgentRunner.run("plan", "--sandbox", "--catalog", catalog.toString(), "--config",
                dir.resolve("none.yaml").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("--sandbox needs --root DIR other than /");
    }

    @Test
    void everyCommandAnswersHelpWithExitCodes() {
        for (String command : List.of("plan", "apply", "run", "enroll", "facts")) {
            AgentRunner.Run run = AgentRunner.run(command, "--help");
            assertThat(run.exitCode()).isZero();
            assertThat(run.stdout()).contains("Usage: kubenode-agent " + command, "Exit codes:");
        }
        assertThat(AgentRunner.run().exitCode()).isEqualTo(2);
    }

    private AgentRunner.Run apply(Path catalog) {
        return AgentRunner.run("apply", "--once", "--sandbox", "--catalog", catalog.toString(), "--root",
                dir.resolve("root").toString(), "--config", dir.resolve("none.yaml").toString());
    }

    private Path write(NodeCatalog catalog) throws Exception {
        return Files.writeString(dir.resolve("catalog-" + System.nanoTime() + ".json"), Documents.toJson(catalog));
    }

}
