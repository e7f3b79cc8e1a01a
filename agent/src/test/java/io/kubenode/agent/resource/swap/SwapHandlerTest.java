package io.kubenode.agent.resource.swap;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.host.sandbox.SandboxHost;
import io.kubenode.agent.host.sandbox.Simulations;
import io.kubenode.common.catalog.SwapSpec;
import io.kubenode.common.cluster.OsFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SwapHandlerTest {
    private static final String LISTING = """
            dev-vda2.swap loaded active active /dev/vda2
            dev-zram0.swap loaded active active Compressed Swap on /dev/zram0
            swapfile.swap masked inactive dead swapfile.swap
            \u25cf old.swap not-found inactive dead old.swap
            """;

    @TempDir
    Path root;

    private final EngineHarness engine = new EngineHarness(OsFamily.RHEL);

    @Test
    void procSwapsNamesWithBlanksAreUnescaped() {
        assertThat(ProcSwaps.activeSwaps("Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n"
                + "/dev/vda2                               partition\t2097148\t0\t-2\n"
                + "/swap\\040file                           file\t\t1048572\t0\t-3\n"))
                .containsExactly("/dev/vda2", "/swap file");
    }

    @Test
    void onlySwapLinesAreCommentedAndEverythingElseStaysExactly() {
        String fstab = "# comment with swap in it\n/dev/vda1 / xfs defaults 0 0\n"
                + "UUID=abc none swap defaults 0 0\n  /swapfile\tnone\tswap\tsw\t0 0\n"
                + "# disabled by kubenode: /old none swap sw 0 0\n/dev/vdb /swapdata ext4 defaults 0 2";

        assertThat(Fstab.swapLines(fstab)).containsExactly("UUID=abc none swap defaults 0 0",
                "  /swapfile\tnone\tswap\tsw\t0 0");
        assertThat(Fstab.disableSwapLines(fstab)).isEqualTo("# comment with swap in it\n/dev/vda1 / xfs defaults 0 0\n"
                + "# disabled by kubenode: UUID=abc none swap defaults 0 0\n"
                + "# disabled by kubenode:   /swapfile\tnone\tswap\tsw\t0 0\n"
                + "# disabled by kubenode: /old none swap sw 0 0\n/dev/vdb /swapdata ext4 defaults 0 2");
    }

    @Test
    void whereSystemdRunsEverySwapUnitNotMaskedYetIsMasked() throws Exception {
        Files.createDirectories(root.resolve("run/systemd/system"));
        FakeSystemctlHost host = new FakeSystemctlHost(root, LISTING);

        Report report = engine.apply(EngineHarness.catalogOf(new SwapSpec(false)), host);

        assertThat(report.changes()).containsExactly("~ swap:system mask systemd unit dev-vda2.swap",
                "~ swap:system mask systemd unit dev-zram0.swap", "~ swap:system mask systemd unit old.swap");
        assertThat(host.commands()).containsExactly(String.join(" ", SystemdSwapUnits.LIST),
                "systemctl mask dev-vda2.swap", "systemctl mask dev-zram0.swap", "systemctl mask old.swap");
    }

    @Test
    void withoutSystemdNoSystemctlIsRunAndNothingFails() {
        FakeSystemctlHost host = new FakeSystemctlHost(root, LISTING);

        Report report = engine.apply(EngineHarness.catalogOf(new SwapSpec(false)), host);

        assertThat(report.converged()).as("%s", report.resources()).isTrue();
        assertThat(host.commands()).isEmpty();
    }

    @Test
    void swapAllowedManagesNothing() throws Exception {
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/swaps"), "Filename Type Size Used Priority\n/swapfile file 10 0 -2\n");

        Report report = engine.apply(EngineHarness.catalogOf(new SwapSpec(true)), new FakeSystemctlHost(root, ""));

        assertThat(report.converged()).isTrue();
    }

    @Test
    void theSandboxSimulatesSwapoffInProcSwaps() throws Exception {
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/swaps"), "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
                + "/dev/vda2                               partition\t2097148\t\t0\t\t-2\n");
        SandboxHost sandbox = new SandboxHost(root, Simulations.all());

        Report report = engine.apply(EngineHarness.catalogOf(new SwapSpec(false)), sandbox);

        assertThat(report.changes()).containsExactly("~ swap:system active swap /dev/vda2 -> off");
        assertThat(sandbox.recordedCommands()).containsExactly("swapoff /dev/vda2");
        assertThat(Files.readString(root.resolve("proc/swaps"))).isEqualTo("Filename\t\t\t\tType\t\tSize\t\tUsed"
                + "\t\tPriority\n");
    }
}
