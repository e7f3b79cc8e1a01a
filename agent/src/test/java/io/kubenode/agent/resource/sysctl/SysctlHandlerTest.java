package io.kubenode.agent.resource.sysctl;

import io.kubenode.agent.engine.Change;
import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.host.sandbox.SandboxHost;
import io.kubenode.agent.host.sandbox.Simulations;
import io.kubenode.common.catalog.SysctlSpec;
import io.kubenode.common.cluster.OsFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SysctlHandlerTest {
    @TempDir
    Path root;

    private final EngineHarness engine = new EngineHarness(OsFamily.RHEL);

    @Test
    void dotsSeparateLevelsAndSlashesStandForDotsInsideOne() throws Exception {
        assertThat(SysctlKey.procPath("net.ipv4.ip_forward")).isEqualTo("/proc/sys/net/ipv4/ip_forward");
        assertThat(SysctlKey.procPath("net.ipv4.conf.eth0/100.rp_filter"))
                .isEqualTo("/proc/sys/net/ipv4/conf/eth0.100/rp_filter");
    }

    @Test
    void keysThatWouldClimbOutOfProcSysAreRefused() {
        assertThatThrownBy(() -> SysctlKey.procPath("//.//.etc.passwd")).isInstanceOf(HostException.class)
                .hasMessageContaining("'..' level");
        assertThatThrownBy(() -> SysctlKey.procPath("net..ipv4")).isInstanceOf(HostException.class);
    }

    @Test
    void valuesCompareWithWhitespaceNormalisedAsTheKernelPrintsTabs() throws Exception {
        write("/proc/sys/net/ipv4/ip_local_port_range", "32768\t60999\n");

        Report report = engine.apply(EngineHarness.catalogOf(
                new SysctlSpec("net.ipv4.ip_local_port_range", "32768 60999")), new LocalHost(root));

        assertThat(report.converged()).as("%s", report.resources()).isTrue();
    }

    @Test
    void aDifferentValueIsWrittenInPlaceAndShownOldToNew() throws Exception {
        write("/proc/sys/net/ipv4/ip_forward", "0\n");
        Object inode = Files.getAttribute(real("/proc/sys/net/ipv4/ip_forward"), "unix:ino");

        Report report = engine.apply(EngineHarness.catalogOf(new SysctlSpec("net.ipv4.ip_forward", "1")),
                new LocalHost(root));

        assertThat(report.changes()).containsExactly("~ sysctl:net.ipv4.ip_forward 0 -> 1");
        assertThat(Files.readString(real("/proc/sys/net/ipv4/ip_forward"))).isEqualTo("1\n");
        assertThat(Files.getAttribute(real("/proc/sys/net/ipv4/ip_forward"), "unix:ino"))
                .as("written in place, never renamed over").isEqualTo(inode);
    }

    @Test
    void aMultiDigitValueIsReadWholeFromTheRealProcSys() throws Exception {
        // Linux answers a read of a /proc/sys integer at an offset with EOF (the VM test saw vm.max_map_count
        // 65530 reported as "6"), so the value must come from one read. Compared with what cat(1) reads.
        LocalHost machine = LocalHost.machine();
        String expected = machine.runChecked(List.of("cat", "/proc/sys/vm/max_map_count"),
                Duration.ofSeconds(10)).stdout().strip();

        SysctlActual actual = new SysctlHandler().observe(new SysctlSpec("vm.max_map_count", "1"), machine);

        assertThat(expected).hasSizeGreaterThan(1);
        assertThat(actual.value()).isEqualTo(expected);
    }

    @Test
    void aKeyTheKernelDoesNotHaveFailsOnARealRoot() {
        Report report = engine.apply(EngineHarness.catalogOf(
                new SysctlSpec("net.bridge.bridge-nf-call-iptables", "1")), new LocalHost(root));

        assertThat(report.resources().get(0).message())
                .startsWith("unknown sysctl key (is the module loaded?): net.bridge.bridge-nf-call-iptables");
    }

    @Test
    void aMissingFileInTheSandboxIsAnUnknownValueThatApplyCreates() throws Exception {
        SandboxHost sandbox = new SandboxHost(root, Simulations.all());
        SysctlSpec spec = new SysctlSpec("net.bridge.bridge-nf-call-iptables", "1");

        Report report = engine.apply(EngineHarness.catalogOf(spec), sandbox);

        assertThat(report.changes()).containsExactly("~ sysctl:net.bridge.bridge-nf-call-iptables (unknown) -> 1");
        assertThat(Files.readString(real("/proc/sys/net/bridge/bridge-nf-call-iptables"))).isEqualTo("1\n");
        assertThat(new SysctlHandler().diff(spec, new SysctlActual("/x", "1"))).isEmpty();
        assertThat(new SysctlHandler().diff(spec, new SysctlActual("/x", "0"))).extracting(Change::render)
                .containsExactly("~ sysctl:net.bridge.bridge-nf-call-iptables 0 -> 1");
    }

    private Path real(String hostPath) {
        return root.resolve(hostPath.substring(1));
    }

    private void write(String hostPath, String content) throws Exception {
        Files.createDirectories(real(hostPath).getParent());
        Files.writeString(real(hostPath), content);
    }
}
