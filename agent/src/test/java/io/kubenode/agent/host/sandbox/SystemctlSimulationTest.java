package io.kubenode.agent.host.sandbox;

import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.HostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SystemctlSimulationTest {
    @TempDir
    Path root;

    private CommandResult systemctl(SandboxHost host, String... args) throws HostException {
        List<String> argv = new java.util.ArrayList<>(List.of("systemctl"));
        argv.addAll(List.of(args));
        return host.run(argv, Duration.ofSeconds(5));
    }

    @Test
    void anUntouchedUnitIsLoadedDisabledAndInactive() throws HostException {
        SandboxHost host = new SandboxHost(root, List.of(new SystemctlSimulation()));

        CommandResult show = systemctl(host, "show", "containerd", "--property=LoadState,UnitFileState,ActiveState");

        assertThat(show.stdout()).isEqualTo("LoadState=loaded\nUnitFileState=disabled\nActiveState=inactive\n");
        assertThat(host.list("/var/lib/kubenode-sandbox/systemd")).isEmpty();
    }

    @Test
    void unitsAfterDoubleDashAreOperandsAsTheAgentPassesThem() throws HostException {
        SandboxHost host = new SandboxHost(root, List.of(new SystemctlSimulation()));

        systemctl(host, "enable", "--", "containerd");
        CommandResult show = systemctl(host, "show", "--property=LoadState,UnitFileState,ActiveState", "--",
                "containerd");

        assertThat(show.stdout()).isEqualTo("LoadState=loaded\nUnitFileState=enabled\nActiveState=inactive\n");
    }

    @Test
    void enableNowStartsAndIsRememberedPerUnit() throws HostException {
        SandboxHost host = new SandboxHost(root, List.of(new SystemctlSimulation()));

        systemctl(host, "enable", "--now", "containerd");

        assertThat(systemctl(host, "is-active", "containerd").exitCode()).isZero();
        assertThat(systemctl(host, "is-enabled", "containerd.service").stdout()).isEqualTo("enabled\n");
        assertThat(systemctl(host, "is-active", "kubelet").exitCode()).isEqualTo(3);
        assertThat(host.list("/var/lib/kubenode-sandbox/systemd")).containsExactly("containerd.service");
    }

    @Test
    void aMaskedUnitRefusesToStartAndMaskNowStopsIt() throws HostException {
        SandboxHost host = new SandboxHost(root, List.of(new SystemctlSimulation()));
        systemctl(host, "start", "dev-sda2.swap");

        systemctl(host, "mask", "--now", "dev-sda2.swap");
        CommandResult start = systemctl(host, "start", "dev-sda2.swap");

        assertThat(start.exitCode()).isEqualTo(1);
        assertThat(start.stderr()).contains("dev-sda2.swap is masked");
        assertThat(systemctl(host, "show", "dev-sda2.swap", "-p", "UnitFileState,ActiveState").stdout())
                .isEqualTo("UnitFileState=masked\nActiveState=inactive\n");
    }

    @Test
    void tryRestartLeavesAStoppedUnitStoppedAndListUnitsPrintsNothing() throws HostException {
        SandboxHost host = new SandboxHost(root, List.of(new SystemctlSimulation()));

        systemctl(host, "try-restart", "haproxy");

        assertThat(systemctl(host, "is-active", "haproxy").stdout()).isEqualTo("inactive\n");
        assertThat(systemctl(host, "list-units", "--type=swap", "--all", "--plain", "--no-legend").stdout())
                .isEmpty();
        assertThat(systemctl(host, "daemon-reload").exitCode()).isZero();
    }
}
