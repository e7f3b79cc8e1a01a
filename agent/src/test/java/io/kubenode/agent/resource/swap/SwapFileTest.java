package io.kubenode.agent.resource.swap;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.host.RealCommands;
import io.kubenode.common.catalog.SwapSpec;
import io.kubenode.common.cluster.OsFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** A real swap file, really swapped on by the test and really turned off by the agent; fstab is a temporary one. */
class SwapFileTest {
    @TempDir
    Path workDir;

    @Test
    void theAgentTurnsOffARealSwapFileAndDisablesItsFstabLine() throws Exception {
        Path swapFile = workDir.resolve("kn-swapfile");
        Path root = Files.createDirectories(workDir.resolve("root"));
        Path fstab = Files.createDirectories(root.resolve("etc")).resolve("fstab");
        String otherLines = "# /etc/fstab of the test\nUUID=1234 / ext4 defaults 0 1\n";
        Files.writeString(fstab, otherLines + swapFile + " none swap sw 0 0\ntmpfs /tmp tmpfs defaults 0 0\n");
        try {
            RealCommands.runChecked("dd", "if=/dev/zero", "of=" + swapFile, "bs=1M", "count=8", "status=none");
            Files.setPosixFilePermissions(swapFile, PosixFilePermissions.fromString("rw-------"));
            RealCommands.runChecked("mkswap", swapFile.toString());
            RealCommands.runChecked("swapon", swapFile.toString());
            assertThat(Files.readString(Path.of("/proc/swaps"))).contains(swapFile.toString());
            EngineHarness engine = new EngineHarness(OsFamily.RHEL);
            FakeFstabHost host = new FakeFstabHost(root, swapFile.toString());

            Report first = engine.apply(EngineHarness.catalogOf(new SwapSpec(false)), host);

            assertThat(first.changes()).containsExactly("~ swap:system active swap " + swapFile + " -> off",
                    "~ swap:system /etc/fstab: disable '" + swapFile + " none swap sw 0 0'");
            assertThat(Files.readString(Path.of("/proc/swaps"))).doesNotContain(swapFile.toString());
            assertThat(Files.readString(fstab)).isEqualTo(otherLines + "# disabled by kubenode: " + swapFile
                    + " none swap sw 0 0\ntmpfs /tmp tmpfs defaults 0 0\n");
            Report second = engine.apply(EngineHarness.catalogOf(new SwapSpec(false)), host);
            assertThat(second.converged()).as("%s", second.resources()).isTrue();
        } finally {
            RealCommands.runQuietly("swapoff", swapFile.toString());
            Files.deleteIfExists(swapFile);
        }
        assertThat(Files.readString(Path.of("/proc/swaps"))).doesNotContain(swapFile.toString());
    }
}
