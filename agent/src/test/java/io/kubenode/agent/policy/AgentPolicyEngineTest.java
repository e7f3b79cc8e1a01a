package io.kubenode.agent.policy;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.engine.ResourceReport;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.host.sandbox.SandboxHost;
import io.kubenode.agent.host.sandbox.Simulations;
import io.kubenode.agent.resource.HandlerContext;
import io.kubenode.agent.resource.Handlers;
import io.kubenode.common.catalog.AgentPolicyDefaults;
import io.kubenode.common.catalog.ArchiveSpec;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.HostnameSpec;
import io.kubenode.common.catalog.KernelModuleSpec;
import io.kubenode.common.catalog.ManagedBlockSpec;
import io.kubenode.common.catalog.PackageSpec;
import io.kubenode.common.catalog.ProbeSpec;
import io.kubenode.common.catalog.ServiceSpec;
import io.kubenode.common.catalog.SysctlSpec;
import io.kubenode.common.cluster.OsFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commands the policy sees: every catalog string that reaches an argv, a path or /proc/sys is checked before the
 * resource runs anything; a refused resource is one failed resource with its reason, the rest of the pass goes on.
 */
class AgentPolicyEngineTest {
    private static final String SHA = "a".repeat(64);

    @TempDir
    Path root;

    private final EngineHarness engine = new EngineHarness(OsFamily.RHEL);

    @Test
    void namesThatWouldBecomeOptionsReachNoCommandAndTheRestOfThePassApplies() {
        SandboxHost sandbox = new SandboxHost(root, Simulations.all());

        Report report = engine.apply(EngineHarness.catalogOf(
                PackageSpec.any("--nogpgcheck"),
                new PackageSpec("kubelet", "1.32.*", null),
                new PackageSpec("kubeadm", "1.32.2", "kubernetes --setopt=gpgcheck=0"),
                new ServiceSpec("--root=/tmp/elsewhere", true, ServiceSpec.RUNNING),
                new KernelModuleSpec("-r"),
                PackageSpec.any("curl"),
                FileSpec.rootOwned("/etc/sysctl.d/10-test.conf", "vm.swappiness = 0\n", "0644")), sandbox);

        Map<String, String> messages = messages(report);
        assertThat(messages.get("package:--nogpgcheck")).isEqualTo("refused by the field checks: spec.name: expected "
                + "a package name (letters, digits, '.', '_', '+', '-', starting with a letter or digit), got "
                + "'--nogpgcheck'");
        assertThat(messages.get("package:kubelet")).contains("spec.version: expected a version", "got '1.32.*'");
        assertThat(messages.get("package:kubeadm")).contains("spec.repository: expected a repository id");
        assertThat(messages.get("service:--root=/tmp/elsewhere")).contains("spec.name: expected a systemd unit name");
        assertThat(messages.get("kernelModule:-r")).contains("spec.name: expected a kernel module name");
        assertThat(stateOf(report, "package:curl")).isEqualTo("changed");
        assertThat(root.resolve("etc/sysctl.d/10-test.conf")).isRegularFile();
        assertThat(sandbox.recordedCommands()).as("no refused name reached a command")
                .noneMatch(command -> command.contains("nogpgcheck") || command.contains("1.32.*")
                        || command.contains("setopt") || command.contains("--root=") || command.startsWith("modprobe"))
                .anyMatch(command -> command.contains("curl"));
    }

    @Test
    void aSysctlKeyOutsideThePrefixesIsNotWritten() throws Exception {
        SandboxHost sandbox = new SandboxHost(root, Simulations.all());

        Report report = engine.apply(EngineHarness.catalogOf(
                new SysctlSpec("kernel.core_pattern", "/tmp/cores/core"),
                new SysctlSpec("kernel.panic_on_oops", "1|x"),
                new SysctlSpec("kernel.modprobe", "/tmp/evil"),
                new SysctlSpec("net.ipv4.ip_forward", "1")), sandbox);

        assertThat(messages(report).get("sysctl:kernel.core_pattern")).startsWith("refused by the sysctl policy");
        assertThat(messages(report).get("sysctl:kernel.panic_on_oops")).contains("spec.value: expected a value");
        assertThat(messages(report).get("sysctl:kernel.modprobe")).isEqualTo("refused by the sysctl policy: "
                + "spec.key kernel.modprobe is not under the sysctlPrefixes " + AgentPolicyDefaults.SYSCTL_PREFIXES);
        assertThat(root.resolve("proc/sys/kernel/modprobe")).doesNotExist();
        assertThat(root.resolve("proc/sys/kernel/core_pattern")).doesNotExist();
        assertThat(Files.readString(root.resolve("proc/sys/net/ipv4/ip_forward"))).isEqualTo("1\n");
    }

    @Test
    void aSysctlKeyAgentYamlAllowsIsWritten() throws Exception {
        AgentPolicy policy = new AgentPolicy(PathPolicy.defaults(), AgentPolicyDefaults.VALIDATE_COMMANDS,
                List.of("kernel.core_pattern"));
        EngineHarness widened = new EngineHarness(Handlers.registry(new HandlerContext(OsFamily.RHEL,
                HandlerContext.DEFAULT_STATE_DIR, Clock.systemUTC())), policy);

        Report report = widened.apply(EngineHarness.catalogOf(new SysctlSpec("kernel.core_pattern", "core")),
                new SandboxHost(root, Simulations.all()));

        assertThat(report.failed()).as("%s", report.resources()).isFalse();
        assertThat(Files.readString(root.resolve("proc/sys/kernel/core_pattern"))).isEqualTo("core\n");
    }

    @Test
    void aValidatorNotInValidateCommandsNeverRuns() throws Exception {
        Path ran = root.resolve("validator-ran");
        Report report = engine.apply(EngineHarness.catalogOf(
                FileSpec.rootOwned("/etc/haproxy/haproxy.cfg", "global\n", "0644")
                        .validatedBy(List.of("/usr/bin/touch", ran.toString(), "%s")),
                FileSpec.rootOwned("/etc/keepalived/keepalived.conf", "x\n", "0600")
                        .validatedBy(List.of("haproxy", "-c", "-f", "%s")),
                FileSpec.rootOwned("/etc/containerd/config.toml", "x\n", "0644")
                        .validatedBy(List.of("/usr/sbin/haproxy", "-f", "%s"))), new LocalHost(root));

        assertThat(messages(report).get("file:/etc/haproxy/haproxy.cfg")).isEqualTo("refused by the command policy: "
                + "spec.validate [/usr/bin/touch, " + ran + ", %s] is not one of the validateCommands "
                + "[[/usr/sbin/haproxy, -c, -f, %s]]");
        assertThat(messages(report).get("file:/etc/keepalived/keepalived.conf"))
                .contains("spec.validate[0]: expected the validator program by absolute path, got 'haproxy'");
        assertThat(messages(report).get("file:/etc/containerd/config.toml")).as("same program, other argv")
                .contains("is not one of the validateCommands");
        assertThat(ran).as("the validator never ran").doesNotExist();
        assertThat(root.resolve("etc/haproxy/haproxy.cfg")).doesNotExist();
    }

    @Test
    void pathsHostNamesMarkersArchivesAndProbesAreCheckedToo() {
        SandboxHost sandbox = new SandboxHost(root, Simulations.all());

        Report report = engine.apply(EngineHarness.catalogOf(
                new HostnameSpec("node1\nevil"),
                new ManagedBlockSpec("/etc/hosts", "kubenode\n10.0.0.1 evil", "x"),
                new ArchiveSpec("../../escape", "1", "https://example.invalid/a.tgz", SHA, ArchiveSpec.FILE,
                        "/usr/local/bin/a", "0755", null),
                new ArchiveSpec("runc", "1", "http://example.invalid/runc", SHA, ArchiveSpec.FILE,
                        "/usr/local/sbin/runc", "0755", null),
                new ProbeSpec("apiserver", ProbeSpec.HTTPS, "file:///etc/shadow", null, 5),
                new ProbeSpec("cri", ProbeSpec.CRI_SOCKET, "/run/../etc/x.sock", null, 5)), sandbox);

        Map<String, String> messages = messages(report);
        assertThat(messages.get("hostname:system")).contains("spec.hostname: expected a DNS-1123 host name");
        assertThat(messages.get("managedBlock:/etc/hosts")).contains("spec.marker: expected a one-line marker");
        assertThat(messages.get("archive:../../escape")).contains("spec.name: expected a name of letters");
        assertThat(messages.get("archive:runc")).contains("spec.url: expected an https URL");
        assertThat(messages.get("probe:apiserver")).contains("spec.target: expected an https URL");
        assertThat(messages.get("probe:cri")).contains("spec.target: expected an absolute, normalized path");
        assertThat(report.resources()).allMatch(resource -> resource.state().equals("failed"));
        assertThat(sandbox.recordedCommands()).isEmpty();
        assertThat(root.resolve("etc/hosts")).doesNotExist();
    }

    private static Map<String, String> messages(Report report) {
        return report.resources().stream().filter(resource -> resource.message() != null)
                .collect(Collectors.toMap(ResourceReport::id, ResourceReport::message));
    }

    private static String stateOf(Report report, String id) {
        return report.resources().stream().filter(resource -> resource.id().equals(id)).findFirst().orElseThrow()
                .state();
    }
}
