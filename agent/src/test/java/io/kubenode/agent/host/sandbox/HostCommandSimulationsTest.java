package io.kubenode.agent.host.sandbox;

import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.LocalHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** modprobe, swapoff and setenforce as sandbox mode simulates them: effects as files under the root. */
class HostCommandSimulationsTest {
    @TempDir
    Path root;

    @Test
    void modprobeAddsTheModuleOnceInTheKernelsFormat() throws Exception {
        LocalHost host = new LocalHost(root);
        new ModprobeSimulation().simulate(List.of("modprobe", "--", "br-netfilter"), host);
        new ModprobeSimulation().simulate(List.of("modprobe", "--", "br_netfilter"), host);

        assertThat(Files.readString(root.resolve("proc/modules")))
                .isEqualTo("br_netfilter 16384 0 - Live 0x0000000000000000\n");
        assertThat(new ModprobeSimulation().simulate(List.of("modprobe", "-r", "overlay"), host)).isEmpty();
    }

    @Test
    void swapoffRemovesOnlyThatSwapAndFailsLikeTheRealOneForAnInactivePath() throws Exception {
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/swaps"), "Filename Type Size Used Priority\n"
                + "/swap\\040file file 100 0 -2\n/dev/vda2 partition 200 0 -3\n");
        LocalHost host = new LocalHost(root);

        CommandResult off = new SwapoffSimulation().simulate(List.of("swapoff", "/swap file"), host).orElseThrow();
        CommandResult again = new SwapoffSimulation().simulate(List.of("swapoff", "/swap file"), host).orElseThrow();

        assertThat(off.exitCode()).isZero();
        assertThat(Files.readString(root.resolve("proc/swaps")))
                .isEqualTo("Filename Type Size Used Priority\n/dev/vda2 partition 200 0 -3\n");
        assertThat(again.exitCode()).isEqualTo(4);
        assertThat(again.stderr()).contains("swapoff failed: Invalid argument");
        assertThat(new SwapoffSimulation().simulate(List.of("swapoff", "-a"), host)).isEmpty();
    }

    @Test
    void setenforceWritesTheKernelsEnforceFile() throws Exception {
        LocalHost host = new LocalHost(root);

        new SetenforceSimulation().simulate(List.of("setenforce", "Enforcing"), host);
        assertThat(Files.readString(root.resolve("sys/fs/selinux/enforce"))).isEqualTo("1");
        new SetenforceSimulation().simulate(List.of("setenforce", "0"), host);
        assertThat(Files.readString(root.resolve("sys/fs/selinux/enforce"))).isEqualTo("0");
        assertThat(new SetenforceSimulation().simulate(List.of("setenforce", "maybe"), host).orElseThrow()
                .exitCode()).isEqualTo(1);
    }
}
