package io.kubenode.agent.resource.kernelmodule;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.host.sandbox.SandboxHost;
import io.kubenode.agent.host.sandbox.Simulations;
import io.kubenode.common.catalog.KernelModuleSpec;
import io.kubenode.common.cluster.OsFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class KernelModuleHandlerTest {
    @TempDir
    Path root;

    private final EngineHarness engine = new EngineHarness(OsFamily.RHEL);

    /**
     * Observes this machine's running kernel. /proc/modules lists loaded modules when the kernel supports loadable
     * modules; a kernel built without them (this test VM) has no /proc/modules, and its built-in modules show in
     * /sys/module. Either way the module found there is in sync and nothing is run.
     */
    @Test
    void aModuleTheRunningKernelHasIsInSyncWithoutRunningAnything() throws Exception {
        String module = moduleOfTheRunningKernel();
        FakeModprobeHost machine = FakeModprobeHost.succeeding(Path.of("/"));
        List<KernelModuleSpec> specs = new ArrayList<>(List.of(new KernelModuleSpec(module)));
        if (module.contains("_")) {
            specs.add(new KernelModuleSpec(module.replace('_', '-')));
        }

        Report report = engine.apply(EngineHarness.catalogOf(specs.toArray(KernelModuleSpec[]::new)), machine);

        assertThat(report.converged()).as("%s: %s", module, report.resources()).isTrue();
        assertThat(machine.commands()).isEmpty();
    }

    @Test
    void aMissingModuleIsLoadedWithModprobeAndItsName() throws Exception {
        write("/proc/modules", "overlay 151552 0 - Live 0x0000000000000000\n");
        FakeModprobeHost host = FakeModprobeHost.succeeding(root);

        Report report = engine.apply(EngineHarness.catalogOf(new KernelModuleSpec("overlay"),
                new KernelModuleSpec("br_netfilter")), host);

        assertThat(report.changes()).containsExactly("+ kernelModule:br_netfilter (load: modprobe br_netfilter)");
        assertThat(host.commands()).containsExactly(List.of("modprobe", "--", "br_netfilter"));
    }

    @Test
    void aModprobeFailureIsAFailedOutcomeWithArgvExitCodeAndStderr() {
        FakeModprobeHost host = FakeModprobeHost.failing(root, 1,
                "modprobe: FATAL: Module kn_missing not found in directory /lib/modules/6.1.0-18-amd64\n");

        Report report = engine.apply(EngineHarness.catalogOf(new KernelModuleSpec("kn_missing")), host);

        assertThat(report.resources().get(0).state()).isEqualTo("failed");
        assertThat(report.resources().get(0).message()).isEqualTo("modprobe -- kn_missing exited 1: modprobe: FATAL:"
                + " Module kn_missing not found in directory /lib/modules/6.1.0-18-amd64");
    }

    @Test
    void aBuiltInModuleListedInModulesBuiltinIsInSync() throws Exception {
        write("/proc/sys/kernel/osrelease", "6.1.0-18-amd64\n");
        write("/lib/modules/6.1.0-18-amd64/modules.builtin", "kernel/fs/overlayfs/overlay.ko\n"
                + "kernel/net/bridge/br_netfilter.ko\n");
        FakeModprobeHost host = FakeModprobeHost.succeeding(root);

        Report report = engine.apply(EngineHarness.catalogOf(new KernelModuleSpec("br-netfilter")), host);

        assertThat(report.converged()).as("%s", report.resources()).isTrue();
        assertThat(host.commands()).isEmpty();
    }

    @Test
    void aNameThatLooksLikeAnOptionIsRefusedNotPassedToModprobe() {
        FakeModprobeHost host = FakeModprobeHost.succeeding(root);

        Report report = engine.apply(EngineHarness.catalogOf(new KernelModuleSpec("-r")), host);

        assertThat(report.resources().get(0).message()).isEqualTo("refused by the field checks: spec.name: expected "
                + "a kernel module name (letters, digits, '_', '-', not starting with '-'), got '-r'");
        assertThat(host.commands()).isEmpty();
    }

    @Test
    void theSandboxSimulatesModprobeInProcModules() throws Exception {
        SandboxHost sandbox = new SandboxHost(root, Simulations.all());

        engine.apply(EngineHarness.catalogOf(new KernelModuleSpec("br_netfilter")), sandbox);

        assertThat(sandbox.recordedCommands()).containsExactly("modprobe -- br_netfilter");
        assertThat(Files.readString(root.resolve("proc/modules")))
                .isEqualTo("br_netfilter 16384 0 - Live 0x0000000000000000\n");
    }

    /** A module name from the kernel's own lists: /proc/modules first, else a built-in one from /sys/module. */
    private static String moduleOfTheRunningKernel() throws Exception {
        List<String> names = new ArrayList<>();
        Path procModules = Path.of("/proc/modules");
        if (Files.exists(procModules)) {
            Files.readAllLines(procModules).forEach(line -> names.add(line.split(" ", 2)[0]));
        }
        if (names.isEmpty()) {
            try (Stream<Path> entries = Files.list(Path.of("/sys/module"))) {
                entries.map(entry -> entry.getFileName().toString()).sorted().forEach(names::add);
            }
        }
        assertThat(names).as("the running kernel lists no module in /proc/modules or /sys/module").isNotEmpty();
        return names.stream().filter(name -> name.contains("_")).findFirst().orElse(names.get(0));
    }

    private void write(String hostPath, String content) throws Exception {
        Path path = root.resolve(hostPath.substring(1));
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }
}
