package io.kubenode.agent.resource.hostname;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.host.sandbox.SandboxHost;
import io.kubenode.agent.host.sandbox.Simulations;
import io.kubenode.common.catalog.HostnameSpec;
import io.kubenode.common.cluster.OsFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class HostnameHandlerTest {
    @TempDir
    Path root;

    private final EngineHarness engine = new EngineHarness(OsFamily.RHEL);

    @Test
    void runtimeAndPersistedNamesAreSetAndShownOldToNew() throws Exception {
        write("/proc/sys/kernel/hostname", "localhost\n");
        write("/etc/hostname", "localhost.localdomain\n");

        Report report = engine.apply(EngineHarness.catalogOf(new HostnameSpec("node1.internal")),
                new LocalHost(root));

        assertThat(report.changes()).containsExactly("~ hostname:system runtime localhost -> node1.internal",
                "~ hostname:system /etc/hostname localhost.localdomain -> node1.internal");
        assertThat(read("/proc/sys/kernel/hostname")).isEqualTo("node1.internal");
        assertThat(read("/etc/hostname")).isEqualTo("node1.internal\n");
    }

    @Test
    void commentsInEtcHostnameAreNotTheName() throws Exception {
        write("/proc/sys/kernel/hostname", "node1.internal\n");
        write("/etc/hostname", "# set by the installer\nnode1.internal\n");

        Report report = engine.apply(EngineHarness.catalogOf(new HostnameSpec("node1.internal")),
                new LocalHost(root));

        assertThat(report.converged()).as("%s", report.resources()).isTrue();
    }

    @Test
    void invalidOrTooLongNamesAreRefusedBeforeAnythingIsWritten() throws Exception {
        write("/proc/sys/kernel/hostname", "localhost\n");

        Report report = engine.apply(EngineHarness.catalogOf(new HostnameSpec("bad_name;rm")), new LocalHost(root));
        Report tooLong = engine.apply(EngineHarness.catalogOf(new HostnameSpec("a".repeat(65))), new LocalHost(root));

        assertThat(report.resources().get(0).message()).isEqualTo("refused by the field checks: spec.hostname: "
                + "expected a DNS-1123 host name of at most 64 characters, got 'bad_name;rm'");
        assertThat(tooLong.failed()).isTrue();
        assertThat(read("/proc/sys/kernel/hostname")).isEqualTo("localhost\n");
    }

    @Test
    void aRealRootWithoutTheKernelFileFailsWhileTheSandboxTreatsItAsUnknown() throws Exception {
        Report real = engine.apply(EngineHarness.catalogOf(new HostnameSpec("node1.internal")), new LocalHost(root));
        assertThat(real.resources().get(0).message()).contains("/proc/sys/kernel/hostname does not exist");

        Report sandbox = engine.apply(EngineHarness.catalogOf(new HostnameSpec("node1.internal")),
                new SandboxHost(root, Simulations.all()));
        assertThat(sandbox.changes()).containsExactly("~ hostname:system runtime (unknown) -> node1.internal",
                "+ hostname:system /etc/hostname node1.internal");
        assertThat(read("/proc/sys/kernel/hostname")).isEqualTo("node1.internal");
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
