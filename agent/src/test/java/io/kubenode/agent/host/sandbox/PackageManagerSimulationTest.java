package io.kubenode.agent.host.sandbox;

import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.HostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PackageManagerSimulationTest {
    @TempDir
    Path root;

    private SandboxHost host() {
        return new SandboxHost(root, List.of(new PackageManagerSimulation()));
    }

    @Test
    void dnfInstallsAreRecordedAtTheirVersionAndRpmAnswersInItsFormat() throws HostException {
        SandboxHost host = host();
        host.run(List.of("dnf", "install", "-y", "--allowerasing", "cri-tools-1.32.0", "--disableexcludes=k8s"),
                Duration.ofSeconds(5));
        host.run(List.of("yum", "install", "-y", "python3-libs"), Duration.ofSeconds(5));

        CommandResult query = host.run(List.of("rpm", "-q", "--queryformat", "%{NAME} %{VERSION}-%{RELEASE}\\n",
                "cri-tools", "python3-libs", "tmux"), Duration.ofSeconds(5));

        assertThat(query.stdout()).isEqualTo(
                "cri-tools 1.32.0\npython3-libs 0-sandbox\npackage tmux is not installed\n");
        assertThat(query.exitCode()).isEqualTo(1);
        assertThat(new String(host.read(PackageManagerSimulation.DATABASE).orElseThrow(), StandardCharsets.UTF_8))
                .isEqualTo("cri-tools 1.32.0\npython3-libs 0-sandbox\n");
    }

    @Test
    void aptInstallsDropTheVersionGlobAndDpkgQueryReportsMissingOnesOnStderr() throws HostException {
        SandboxHost host = host();
        host.run(List.of("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y",
                "--no-install-recommends", "kubelet=1.32.2-*", "tmux"), Duration.ofSeconds(5));

        CommandResult query = host.run(List.of("dpkg-query", "-W", "-f", "${Package} ${Version} ${db:Status-Status}\\n",
                "kubelet", "tmux", "curl"), Duration.ofSeconds(5));

        assertThat(query.stdout()).isEqualTo("kubelet 1.32.2 installed\ntmux 0-sandbox installed\n");
        assertThat(query.stderr()).isEqualTo("dpkg-query: no packages found matching curl\n");
        assertThat(query.exitCode()).isEqualTo(1);
    }

    @Test
    void commandsItDoesNotKnowAreLeftToOtherSimulations() throws HostException {
        assertThat(new PackageManagerSimulation().simulate(List.of("dnf", "remove", "-y", "tmux"), host())).isEmpty();
        assertThat(new PackageManagerSimulation().simulate(List.of("modprobe", "overlay"), host())).isEmpty();
    }
}
