package io.kubenode.agent.resource;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.host.sandbox.SandboxHost;
import io.kubenode.agent.host.sandbox.Simulations;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.HostnameSpec;
import io.kubenode.common.catalog.KernelModuleSpec;
import io.kubenode.common.catalog.ManagedBlockSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.catalog.ResourceSpec;
import io.kubenode.common.catalog.SelinuxSpec;
import io.kubenode.common.catalog.SwapSpec;
import io.kubenode.common.catalog.SysctlSpec;
import io.kubenode.common.cluster.OsFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The idempotence contract (first apply changes, second changes nothing, plan afterwards is empty) for the host
 * resource types: file, managedBlock, sysctl, kernelModule, swap, selinux, hostname. Each runs on an empty sandbox
 * root, and on a LocalHost temporary root seeded with the kernel files a real machine has.
 */
class HostResourcesIdempotenceTest {
    private static final FileSpec FILE = new FileSpec("/etc/sysctl.d/99-kubernetes.conf", "net.ipv4.ip_forward = 1\n",
            "0644", "root", "root", java.util.List.of());
    private static final ManagedBlockSpec BLOCK = new ManagedBlockSpec("/etc/hosts", "kubenode hosts",
            "192.168.0.61 node1.internal node1\n");
    private static final SysctlSpec SYSCTL = new SysctlSpec("net.ipv4.ip_forward", "1");
    private static final KernelModuleSpec MODULE = new KernelModuleSpec("br_netfilter");
    private static final SwapSpec SWAP_OFF = new SwapSpec(false);
    private static final SelinuxSpec SELINUX = new SelinuxSpec("permissive");
    private static final HostnameSpec HOSTNAME = new HostnameSpec("node1.internal");

    @TempDir
    Path root;

    private final EngineHarness engine = new EngineHarness(OsFamily.RHEL);

    static Stream<ResourceSpec> onAnEmptySandboxRoot() {
        return Stream.of(FILE, BLOCK, SYSCTL, MODULE, SELINUX, HOSTNAME);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("onAnEmptySandboxRoot")
    void convergesOnAnEmptySandboxRootAndThenChangesNothing(ResourceSpec spec) throws Exception {
        SandboxHost sandbox = new SandboxHost(root, Simulations.all());
        NodeCatalog catalog = EngineHarness.catalogOf(spec);
        Map<String, String> before = snapshot();

        assertThat(engine.plan(catalog, sandbox).changes()).as("plan shows the changes").isNotEmpty();
        assertThat(snapshot()).as("plan wrote nothing").isEqualTo(before);
        engine.assertIdempotent(catalog, sandbox);
    }

    /** An empty machine has no swap, so swap off is in sync there; with a swap it converges like the others. */
    @Test
    void swapIsInSyncOnAnEmptySandboxRootAndConvergesOnOneWithASwap() throws Exception {
        SandboxHost sandbox = new SandboxHost(root, Simulations.all());
        assertThat(engine.apply(EngineHarness.catalogOf(SWAP_OFF), sandbox).converged()).isTrue();

        write("/proc/swaps", "Filename\tType\tSize\tUsed\tPriority\n/dev/vda2 partition 2097148 0 -2\n");
        write("/etc/fstab", "/dev/vda1 / xfs defaults 0 0\n/dev/vda2 none swap defaults 0 0\n");
        engine.assertIdempotent(EngineHarness.catalogOf(SWAP_OFF), sandbox);
    }

    static Stream<ResourceSpec> onALocalTemporaryRoot() {
        return Stream.of(FILE, BLOCK, SYSCTL, SWAP_OFF, SELINUX, HOSTNAME);
    }

    /**
     * LocalHost runs commands for real, so each root is seeded so that no program this machine lacks is needed:
     * swap is an fstab line (no active swap to swapoff), SELinux is already permissive at runtime (no setenforce).
     * kernelModule is not here: loading needs a real modprobe and a module, which this machine does not have
     * (KernelModuleHandlerTest covers it with the real kernel's lists and a fake modprobe).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("onALocalTemporaryRoot")
    void convergesOnALocalTemporaryRootAndThenChangesNothing(ResourceSpec spec) throws Exception {
        write("/etc/hosts", "127.0.0.1 localhost\n");
        write("/proc/sys/net/ipv4/ip_forward", "0\n");
        write("/proc/swaps", "Filename\tType\tSize\tUsed\tPriority\n");
        write("/etc/fstab", "/dev/vda1 / xfs defaults 0 0\n/swapfile none swap sw 0 0\n");
        write("/sys/fs/selinux/enforce", "0");
        write("/etc/selinux/config", "SELINUX=enforcing\nSELINUXTYPE=targeted\n");
        write("/proc/sys/kernel/hostname", "localhost\n");

        Report first = engine.assertIdempotent(EngineHarness.catalogOf(spec), new LocalHost(root));

        assertThat(first.failed()).isFalse();
    }

    private void write(String hostPath, String content) throws Exception {
        Path path = root.resolve(hostPath.substring(1));
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }

    /** Every path under the root with its content (Base64; empty for directories). */
    private Map<String, String> snapshot() throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.toList()) {
                files.put(root.relativize(path).toString(), Files.isRegularFile(path)
                        ? Base64.getEncoder().encodeToString(Files.readAllBytes(path)) : "");
            }
        }
        return files;
    }
}
