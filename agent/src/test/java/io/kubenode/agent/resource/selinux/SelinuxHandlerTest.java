package io.kubenode.agent.resource.selinux;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.host.sandbox.SandboxHost;
import io.kubenode.agent.host.sandbox.Simulations;
import io.kubenode.common.catalog.SelinuxSpec;
import io.kubenode.common.cluster.OsFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** On temporary roots: this machine has no SELinux, and setenforce runs only as the sandbox simulation. */
class SelinuxHandlerTest {
    private static final String CENTOS_CONFIG = """
            # This file controls the state of SELinux on the system.
            # SELINUX= can take one of these three values:
            #     enforcing - SELinux security policy is enforced.
            SELINUX=enforcing
            # SELINUXTYPE= can take one of these three values:
            SELINUXTYPE=targeted
            """;

    @TempDir
    Path root;

    private final EngineHarness engine = new EngineHarness(OsFamily.RHEL);

    @Test
    void enforcingBecomesPermissiveNowAndInTheConfigWithOtherLinesUntouched() throws Exception {
        write("/sys/fs/selinux/enforce", "1");
        write("/etc/selinux/config", CENTOS_CONFIG);
        SandboxHost sandbox = new SandboxHost(root, Simulations.all());

        Report report = engine.apply(EngineHarness.catalogOf(new SelinuxSpec("permissive")), sandbox);

        assertThat(report.changes()).containsExactly("~ selinux:system runtime enforcing -> permissive",
                "~ selinux:system /etc/selinux/config SELINUX=enforcing -> permissive");
        assertThat(sandbox.recordedCommands()).containsExactly("setenforce 0");
        assertThat(read("/sys/fs/selinux/enforce")).isEqualTo("0");
        assertThat(read("/etc/selinux/config")).isEqualTo(CENTOS_CONFIG.replace("SELINUX=enforcing",
                "SELINUX=permissive"));
        assertThat(engine.plan(EngineHarness.catalogOf(new SelinuxSpec("permissive")), sandbox).changes()).isEmpty();
    }

    @Test
    void disabledSetsTheConfigAndPermissiveNowThenCountsAsInSyncUntilTheReboot() throws Exception {
        write("/sys/fs/selinux/enforce", "1");
        write("/etc/selinux/config", CENTOS_CONFIG);
        SandboxHost sandbox = new SandboxHost(root, Simulations.all());

        Report first = engine.apply(EngineHarness.catalogOf(new SelinuxSpec("disabled")), sandbox);
        Report second = engine.apply(EngineHarness.catalogOf(new SelinuxSpec("disabled")), sandbox);

        assertThat(first.failed()).isFalse();
        assertThat(first.changes()).containsExactly(
                "~ selinux:system runtime enforcing -> permissive (disabled needs a reboot)",
                "~ selinux:system /etc/selinux/config SELINUX=enforcing -> disabled (runtime disabled after the next"
                        + " reboot)");
        assertThat(second.converged()).as("%s", second.resources()).isTrue();
    }

    @Test
    void aHostWithoutSelinuxIsInSyncForPermissiveAndDisabledAndNothingIsWritten() throws Exception {
        Report report = engine.apply(EngineHarness.catalogOf(new SelinuxSpec("permissive")), new LocalHost(root));
        Report disabled = engine.apply(EngineHarness.catalogOf(new SelinuxSpec("disabled")), new LocalHost(root));

        assertThat(report.converged()).as("%s", report.resources()).isTrue();
        assertThat(disabled.converged()).isTrue();
        try (var entries = Files.list(root)) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void enforcingOnAHostWithoutSelinuxFailsClearly() {
        Report report = engine.apply(EngineHarness.catalogOf(new SelinuxSpec("enforcing")), new LocalHost(root));

        assertThat(report.resources().get(0).message()).contains("this host has no SELinux");
    }

    @Test
    void selinuxDisabledAtBootSatisfiesPermissiveOnceTheConfigSaysSo() throws Exception {
        write("/etc/selinux/config", "SELINUX=disabled\nSELINUXTYPE=targeted\n");

        Report first = engine.apply(EngineHarness.catalogOf(new SelinuxSpec("permissive")), new LocalHost(root));
        Report second = engine.apply(EngineHarness.catalogOf(new SelinuxSpec("permissive")), new LocalHost(root));

        assertThat(first.changes()).containsExactly("~ selinux:system /etc/selinux/config SELINUX=disabled -> "
                + "permissive (runtime permissive after the next reboot)");
        assertThat(read("/etc/selinux/config")).isEqualTo("SELINUX=permissive\nSELINUXTYPE=targeted\n");
        assertThat(second.converged()).isTrue();
    }

    @Test
    void enforcingWhileTheKernelRunsWithoutSelinuxWaitsForTheRebootInsteadOfFailing() throws Exception {
        write("/etc/selinux/config", "SELINUX=enforcing\n");

        Report report = engine.apply(EngineHarness.catalogOf(new SelinuxSpec("enforcing")), new LocalHost(root));

        assertThat(report.resources().get(0).state()).isEqualTo("not_ready");
        assertThat(report.resources().get(0).message()).contains("next reboot");
    }

    @Test
    void aConfigWithoutSelinuxLineGetsOneAppended() {
        assertThat(SelinuxConfig.withMode("SELINUXTYPE=targeted", "permissive"))
                .isEqualTo("SELINUXTYPE=targeted\nSELINUX=permissive\n");
        assertThat(SelinuxConfig.modes("# SELINUX=enforcing\nSELINUX = \"Permissive\"\nSELINUXTYPE=mls\n"))
                .containsExactly("permissive");
    }

    @Test
    void anUnknownModeIsRefused() {
        Report report = engine.apply(EngineHarness.catalogOf(new SelinuxSpec("off")), new LocalHost(root));

        assertThat(report.resources().get(0).message()).contains("spec.mode: expected one of [disabled, enforcing, permissive], got 'off'");
    }

    private void write(String hostPath, String content) throws Exception {
        Path path = root.resolve(hostPath.substring(1));
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }

    private String read(String hostPath) throws Exception {
        return Files.readString(root.resolve(hostPath.substring(1)));
    }
}
