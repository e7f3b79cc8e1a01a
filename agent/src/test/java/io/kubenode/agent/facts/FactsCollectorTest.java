package io.kubenode.agent.facts;

import io.kubenode.common.status.Facts;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.host.sandbox.SandboxHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The facts of this very machine, checked against independent tools (uname, nproc, ip, hostname). */
class FactsCollectorTest {

    @Test
    void factsOfThisMachineAgreeWithItsOwnTools() throws Exception {
        Facts facts = new FactsCollector(LocalHost.machine()).collect();

        assertThat(facts.hostname()).isEqualTo(run("hostname"));
        assertThat(facts.kernel()).isEqualTo(run("uname", "-r"));
        assertThat(facts.cpus()).isEqualTo(Integer.parseInt(run("nproc", "--all")));
        long memTotal = Long.parseLong(run("awk", "/MemTotal/{print $2}", "/proc/meminfo")) * 1024;
        assertThat(facts.memoryBytes()).isEqualTo(memTotal);
        assertThat(facts.osFamily()).isEqualTo("debian");
        assertThat(facts.osId()).isEqualTo("debian");
        String links = run("ip", "-o", "link");
        for (Facts.NetworkInterfaceFacts networkInterface : facts.interfaces()) {
            assertThat(links).contains(networkInterface.name());
            if (networkInterface.mac() != null && !networkInterface.mac().equals("00:00:00:00:00:00")) {
                assertThat(links).contains(networkInterface.mac());
            }
        }
        assertThat(facts.cgroupVersion()).isIn(1, 2);
        assertThat(facts.containerdVersion()).as("Debian's containerd is installed for the tests")
                .contains("containerd");
        assertThat(facts.firewall()).as("no firewalld on the test machines (FirewalldIT runs one in a container)")
                .isEqualTo(new Facts.FirewallFacts("none", false, null, null, List.of(), List.of(), List.of()));
    }

    @Test
    void factsOfARootDirectoryComeFromItsFiles(@TempDir Path root) throws Exception {
        write(root, "proc/sys/kernel/hostname", "node1.internal\n");
        write(root, "etc/machine-id", "0123456789abcdef0123456789abcdef\n");
        write(root, "sys/class/dmi/id/product_uuid", "4C4C4544-0042-3510-8056-B4C04F384B32\n");
        write(root, "proc/cpuinfo", "processor\t: 0\nmodel name\t: x\n\nprocessor\t: 1\nmodel name\t: x\n");
        write(root, "proc/meminfo", "MemTotal:        2048000 kB\nSwapTotal:             0 kB\n");
        write(root, "proc/sys/kernel/osrelease", "5.14.0-427.el9.x86_64\n");
        write(root, "etc/os-release", "NAME=\"CentOS Stream\"\nID=\"centos\"\nID_LIKE=\"rhel fedora\"\n"
                + "VERSION_ID=\"9\"\n");
        write(root, "sys/fs/selinux/enforce", "0\n");
        write(root, "sys/fs/cgroup/cgroup.controllers", "cpu memory\n");

        Facts facts = new FactsCollector(new LocalHost(root)).collect();

        assertThat(facts.hostname()).isEqualTo("node1.internal");
        assertThat(facts.machineId()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(facts.productUuid()).isEqualTo("4C4C4544-0042-3510-8056-B4C04F384B32");
        assertThat(facts.cpus()).isEqualTo(2);
        assertThat(facts.memoryBytes()).isEqualTo(2048000L * 1024);
        assertThat(facts.swapBytes()).isZero();
        assertThat(facts.osFamily()).isEqualTo("rhel");
        assertThat(facts.osVersion()).isEqualTo("9");
        assertThat(facts.selinux()).isEqualTo("permissive");
        assertThat(facts.cgroupVersion()).isEqualTo(2);
        assertThat(facts.kubeletVersion()).isNull();
        assertThat(facts.containerdCgroupDriver()).as("no /etc/containerd/config.toml").isNull();
        assertThat(facts.kubeletCgroupDriver()).as("kubeadm has not written the kubelet's config").isNull();
    }

    /**
     * A program whose version cannot be read (a sandbox never runs it; on a real host a broken binary or a timeout)
     * makes that one fact unknown, not every fact: a node without facts cannot pass the cluster's preflight.
     */
    @Test
    void aProgramWhoseVersionCannotBeReadLeavesOnlyThatFactUnknown(@TempDir Path root) throws Exception {
        write(root, "proc/sys/kernel/hostname", "node5.internal\n");
        write(root, "proc/meminfo", "MemTotal:        4096000 kB\nSwapTotal:             0 kB\n");
        write(root, "usr/local/bin/containerd", "#!/bin/sh\n");
        write(root, "usr/bin/kubelet", "#!/bin/sh\n");

        Facts facts = new FactsCollector(new SandboxHost(root, List.of())).collect();

        assertThat(facts.hostname()).isEqualTo("node5.internal");
        assertThat(facts.memoryBytes()).isEqualTo(4096000L * 1024);
        assertThat(facts.containerdVersion()).as("the sandbox runs no containerd").isNull();
        assertThat(facts.kubeletVersion()).as("the sandbox runs no kubelet").isNull();
    }

    /** firewall-cmd that cannot be run (here: a sandbox runs no such program) leaves the firewall fact unknown. */
    @Test
    void aFirewallThatCannotBeReadLeavesOnlyTheFirewallFactUnknown(@TempDir Path root) throws Exception {
        write(root, "proc/sys/kernel/hostname", "node5.internal\n");
        write(root, "usr/bin/firewall-cmd", "#!/bin/sh\n");

        Facts facts = new FactsCollector(new SandboxHost(root, List.of())).collect();

        assertThat(facts.hostname()).isEqualTo("node5.internal");
        assertThat(facts.firewall()).isNull();
    }

    @Test
    void aSandboxRootWithoutFirewallCmdHasNoFirewallAndRunsNothingForIt(@TempDir Path root) throws Exception {
        SandboxHost sandbox = new SandboxHost(root, List.of());

        Facts facts = new FactsCollector(sandbox).collect();

        assertThat(facts.firewall().backend()).isEqualTo("none");
        assertThat(sandbox.recordedCommands()).isEmpty();
    }

    @Test
    void cgroupDriversComeFromContainerdsAndTheKubeletsConfigFiles(@TempDir Path root) throws Exception {
        write(root, "etc/containerd/config.toml", """
                version = 2
                [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                  # SystemdCgroup = false
                  SystemdCgroup = true
                """);
        write(root, "var/lib/kubelet/config.yaml", """
                apiVersion: kubelet.config.k8s.io/v1beta1
                kind: KubeletConfiguration
                cgroupDriver: cgroupfs
                """);

        Facts facts = new FactsCollector(new LocalHost(root)).collect();

        assertThat(facts.containerdCgroupDriver()).isEqualTo("systemd");
        assertThat(facts.kubeletCgroupDriver()).isEqualTo("cgroupfs");
    }

    @Test
    void aConfigWithoutTheSettingMeansEachProgramsDefault(@TempDir Path root) throws Exception {
        write(root, "etc/containerd/config.toml", "version = 3\n");
        write(root, "var/lib/kubelet/config.yaml", "kind: KubeletConfiguration\n"
                + "evictionHard:\n  cgroupDriver: systemd\n");

        Facts facts = new FactsCollector(new LocalHost(root)).collect();

        assertThat(facts.containerdCgroupDriver()).as("runc's default in containerd").isEqualTo("cgroupfs");
        assertThat(facts.kubeletCgroupDriver()).as("an indented key is not the top-level one")
                .isEqualTo("cgroupfs");
    }

    @Test
    void osFamilyFollowsIdAndIdLike() {
        assertThat(FactsCollector.family(Map.of("ID", "rocky", "ID_LIKE", "rhel centos fedora"))).isEqualTo("rhel");
        assertThat(FactsCollector.family(Map.of("ID", "ubuntu", "ID_LIKE", "debian"))).isEqualTo("debian");
        assertThat(FactsCollector.family(Map.of("ID", "alpine"))).isNull();
    }

    private static void write(Path root, String path, String content) throws Exception {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static String run(String... argv) throws Exception {
        Process process = new ProcessBuilder(List.of(argv)).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }
}
