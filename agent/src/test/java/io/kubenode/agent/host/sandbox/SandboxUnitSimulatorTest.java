package io.kubenode.agent.host.sandbox;

import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.HostException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --sandbox-unit}: an executable acts on the simulated systemctl's starts, stops and restarts of a unit. */
class SandboxUnitSimulatorTest {
    @TempDir
    Path directory;

    private Path root;
    private Path calls;
    private Path failNext;
    private SandboxHost host;

    @BeforeEach
    void unitSimulatorForHaproxy() throws Exception {
        root = Files.createDirectories(directory.resolve("root"));
        calls = directory.resolve("calls");
        failNext = directory.resolve("fail");
        Path simulator = directory.resolve("haproxy-unit");
        Files.writeString(simulator, "#!/bin/sh\n"
                + "echo \"$1 $2 root=$KUBENODE_SANDBOX_ROOT loopback=$KUBENODE_SANDBOX_LOOPBACK\" >> '" + calls + "'\n"
                + "if [ -e '" + failNext + "' ]; then echo 'haproxy: cannot bind' >&2; exit 3; fi\n");
        Files.setPosixFilePermissions(simulator, PosixFilePermissions.fromString("rwx------"));
        host = new SandboxHost(root, Simulations.all(), new SandboxSimulators(Map.of(), Map.of("haproxy", simulator),
                SandboxSimulators.loopbackAddress("127.0.1.61")));
    }

    private CommandResult systemctl(String... args) throws HostException {
        List<String> argv = new ArrayList<>(List.of("systemctl"));
        argv.addAll(List.of(args));
        return host.run(argv, Duration.ofSeconds(30));
    }

    private List<String> calls() throws Exception {
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    @Test
    void startsStopsAndRestartsOfTheUnitAreActedOnWithTheSandboxMachineInTheEnvironment() throws Exception {
        systemctl("enable", "--", "haproxy");
        systemctl("try-restart", "--", "haproxy");
        systemctl("start", "--", "haproxy");
        systemctl("start", "--", "haproxy");
        systemctl("restart", "--", "haproxy");
        systemctl("try-restart", "--", "haproxy.service");
        systemctl("reload", "--", "haproxy");
        systemctl("stop", "--", "haproxy");

        String where = " root=" + root + " loopback=127.0.1.61";
        assertThat(calls()).as("enable without --now, try-restart of a stopped unit, start of a started one and a "
                + "reload change nothing that runs").containsExactly(
                "start haproxy.service" + where,
                "restart haproxy.service" + where,
                "restart haproxy.service" + where,
                "stop haproxy.service" + where);
        assertThat(host.recordedCommands()).contains("haproxy.service restart (sandbox: acted on by the unit simulator "
                + directory.resolve("haproxy-unit") + ")");
    }

    @Test
    void otherUnitsAreOnlySimulated() throws Exception {
        systemctl("enable", "--now", "--", "keepalived");
        systemctl("restart", "--", "keepalived");

        assertThat(calls()).isEmpty();
        assertThat(systemctl("is-active", "keepalived").exitCode()).isZero();
    }

    @Test
    void aFailingUnitSimulatorFailsTheJobAndLeavesTheUnitFailed() throws Exception {
        systemctl("start", "--", "haproxy");
        Files.writeString(failNext, "");

        CommandResult restart = systemctl("restart", "--", "haproxy");

        assertThat(restart.exitCode()).isEqualTo(1);
        assertThat(restart.stderr()).startsWith("Job for haproxy.service failed (sandbox: the unit simulator ")
                .contains("restart exited 3").contains("haproxy: cannot bind");
        assertThat(systemctl("is-active", "haproxy").stdout()).isEqualTo("failed\n");

        Files.delete(failNext);
        assertThat(systemctl("start", "--", "haproxy").exitCode()).as("a failed unit starts again").isZero();
        assertThat(calls()).extracting(line -> line.split(" ")[0]).containsExactly("start", "restart", "start");
    }

    @Test
    void onlyTheNamedServicesCanHaveAUnitSimulatorByAbsolutePath() {
        Path simulator = directory.resolve("haproxy-unit");
        assertThatThrownBy(() -> SandboxSimulators.of(Map.of(), Map.of("sshd", simulator), "127.0.0.1"))
                .hasMessage("--sandbox-unit sshd: no simulator can stand in for it (only containerd, haproxy, "
                        + "keepalived, kubelet)");
        assertThatThrownBy(() -> SandboxSimulators.of(Map.of(), Map.of("haproxy", directory.resolve("missing")),
                "127.0.0.1")).hasMessageContaining("not an executable file");
        assertThatThrownBy(() -> new SandboxSimulators(Map.of(), Map.of("haproxy", Path.of("relative")),
                SandboxSimulators.loopbackAddress("127.0.0.1"))).hasMessageContaining("must be an absolute path");
    }

    @Test
    void transitionsAreReadFromTheActiveStateBeforeAndAfter() {
        assertThat(SystemctlSimulation.transition("start", "inactive", "active")).contains("start");
        assertThat(SystemctlSimulation.transition("start", "failed", "active")).contains("start");
        assertThat(SystemctlSimulation.transition("enable", "inactive", "active")).contains("start");
        assertThat(SystemctlSimulation.transition("mask", "active", "inactive")).contains("stop");
        assertThat(SystemctlSimulation.transition("reload-or-restart", "active", "active")).contains("restart");
        assertThat(SystemctlSimulation.transition("reload", "active", "active")).isEmpty();
        assertThat(SystemctlSimulation.transition("try-restart", "inactive", "inactive")).isEmpty();
        assertThat(SystemctlSimulation.transition("stop", "failed", "inactive")).isEmpty();
    }
}
