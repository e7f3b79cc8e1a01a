package io.kubenode.agent.host.sandbox;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.host.FileStat;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.cluster.OsFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A sandbox never chowns; it records the owner a file should have, under the file's own path. */
class SandboxOwnershipTest {
    @TempDir
    Path root;

    @Test
    void anOwnerOtherThanTheRealOneIsRecordedForTheTargetAndConverges() throws Exception {
        SandboxHost host = new SandboxHost(root, Simulations.all());
        FileSpec file = new FileSpec("/etc/kubenode/kubeadm/owned.conf", "x\n", "0640", "nobody", "nogroup", List.of());

        new EngineHarness(OsFamily.RHEL).assertIdempotent(EngineHarness.catalogOf(file), host);

        FileStat stat = host.stat("/etc/kubenode/kubeadm/owned.conf").orElseThrow();
        assertThat(stat.owner()).isEqualTo("nobody");
        assertThat(stat.group()).isEqualTo("nogroup");
        assertThat(Files.readString(root.resolve("var/lib/kubenode-sandbox/ownership")))
                .contains("/etc/kubenode/kubeadm/owned.conf\tnobody:nogroup").doesNotContain("kubenode-tmp");
        assertThat(Files.getOwner(root.resolve("etc/kubenode/kubeadm/owned.conf")).getName()).as("never chowned")
                .isNotEqualTo("nobody");
    }
}
