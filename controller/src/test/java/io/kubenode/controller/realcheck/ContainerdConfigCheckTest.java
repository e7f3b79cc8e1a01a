package io.kubenode.controller.realcheck;

import io.kubenode.controller.cli.KubenodectlRunner;
import io.kubenode.controller.compiler.SeedCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The rendered config.toml is read by a real containerd (Debian's 1.6), which keeps what kubenode set. */
class ContainerdConfigCheckTest {

    @TempDir
    Path out;

    @Test
    void realContainerdReadsTheRenderedConfigWithSystemdCgroupAndSandboxImage() throws Exception {
        KubenodectlRunner.Run render = KubenodectlRunner.run("render", "-f", SeedCluster.exampleFile().toString(),
                "--node", "node4.internal", "--out", out.toString());
        assertThat(render.exitCode()).as(render.stderr()).isZero();
        Path config = out.resolve("etc/containerd/config.toml");

        ExternalCommand.Result dump = ExternalCommand.run(List.of(ExternalCommand.require("containerd"),
                "--config", config.toString(), "config", "dump"));

        assertThat(dump.exitCode()).as(dump.describe()).isZero();
        assertThat(dump.stdout()).contains("SystemdCgroup = true", "sandbox_image = \"registry.k8s.io/pause:3.10\"",
                "runtime_type = \"io.containerd.runc.v2\"");
    }

    @Test
    void realContainerdRefusesABrokenConfig() throws Exception {
        Path config = Files.writeString(out.resolve("config.toml"), "version = 2\n[plugins\n");

        ExternalCommand.Result dump = ExternalCommand.run(List.of(ExternalCommand.require("containerd"),
                "--config", config.toString(), "config", "dump"));

        assertThat(dump.exitCode()).as(dump.describe()).isNotZero();
    }
}
