package io.kubenode.agent.resource.archive;

import io.kubenode.agent.engine.Change;
import io.kubenode.common.catalog.ArchiveSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure diff: exactly what plan prints. */
class ArchiveDiffTest {
    private static final String SHA = "b068b05d58025dc9f2fc336674cac0e377a478930f29b48e068f97c783a423f0";
    private static final String OLD = "1a2b3c4d" + "0".repeat(56);
    private static final String URL = "https://github.com/containerd/containerd/releases/download/v1.7.0/"
            + "containerd-1.7.0-linux-amd64.tar.gz";
    private static final ArchiveSpec CONTAINERD = new ArchiveSpec("containerd", "1.7.0", URL, SHA,
            ArchiveSpec.TAR_GZ, "/usr/local", null, "/usr/local/bin/containerd");

    private static List<String> diff(ArchiveSpec spec, ArchiveActual actual) {
        return ArchiveDiff.of(spec, actual, ArchiveHandler.createsPath(spec)).stream().map(Change::render).toList();
    }

    @Test
    void nothingInstalledIsACreateWithVersionAndShortSha256() {
        assertThat(diff(CONTAINERD, ArchiveActual.nothingInstalled()))
                .containsExactly("+ archive:containerd 1.7.0 (sha256 b068b05d…)");
    }

    @Test
    void anotherInstalledSha256IsAnUpdateFromOldToNew() {
        assertThat(diff(CONTAINERD, new ArchiveActual(true, OLD, URL, null)))
                .containsExactly("~ archive:containerd sha256 1a2b3c4d… -> b068b05d…");
    }

    @Test
    void theRightSha256ButAMissingCreatesPathIsACreateThatSaysSo() {
        assertThat(diff(CONTAINERD, new ArchiveActual(false, SHA, URL, null)))
                .containsExactly("+ archive:containerd 1.7.0 (sha256 b068b05d…), /usr/local/bin/containerd is missing");
    }

    @Test
    void installedWithTheCatalogsSha256IsInSync() {
        assertThat(diff(CONTAINERD, new ArchiveActual(true, SHA, "https://mirror.example/other-url", null)))
                .as("the sha256 decides, not the URL it came from").isEmpty();
    }

    @Test
    void anUnverifiedArtifactSaysUnverifiedAndIsMatchedByUrl() {
        ArchiveSpec flannel = new ArchiveSpec("flannel-manifest", null, "https://example.com/v2/kube-flannel.yml",
                null, ArchiveSpec.FILE, "/etc/kubenode/manifests/kube-flannel.yml", "0644", null);

        assertThat(diff(flannel, ArchiveActual.nothingInstalled())).singleElement().asString()
                .isEqualTo("+ archive:flannel-manifest (" + ArchiveDiff.UNVERIFIED + ")");
        assertThat(diff(flannel, new ArchiveActual(true, OLD, "https://example.com/v1/kube-flannel.yml", "0644")))
                .containsExactly("~ archive:flannel-manifest url https://example.com/v1/kube-flannel.yml -> "
                        + "https://example.com/v2/kube-flannel.yml (" + ArchiveDiff.UNVERIFIED + ")");
        assertThat(diff(flannel, new ArchiveActual(true, OLD, "https://example.com/v2/kube-flannel.yml", "0644")))
                .isEmpty();
    }

    @Test
    void aSingleFileWithAnotherModeIsAModeUpdate() {
        ArchiveSpec runc = new ArchiveSpec("runc", "1.1.4", "https://example.com/runc", SHA, ArchiveSpec.FILE,
                "/usr/local/sbin/runc", "755", "/usr/local/sbin/runc");

        List<Change> changes = ArchiveDiff.of(runc, new ArchiveActual(true, SHA, null, "0700"), "/usr/local/sbin/runc");

        assertThat(changes).extracting(Change::render).containsExactly("~ archive:runc mode 0700 -> 0755");
        assertThat(ArchiveDiff.isModeOnly(changes.get(0))).isTrue();
    }
}
