package io.kubenode.agent.resource.archive;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.host.TreeSnapshot;
import io.kubenode.agent.host.sandbox.SandboxHost;
import io.kubenode.agent.host.sandbox.Simulations;
import io.kubenode.common.catalog.ArchiveSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.cluster.OsFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Sandbox mode: the seed's downloads on an empty root, never fetched, placed as labelled stand-ins. */
class ArchiveSandboxTest {
    private static final String CONTAINERD_URL = "https://github.com/containerd/containerd/releases/download/v1.7.0/"
            + "containerd-1.7.0-linux-amd64.tar.gz";
    private static final String CONTAINERD_SHA = "b068b05d58025dc9f2fc336674cac0e377a478930f29b48e068f97c783a423f0";
    private static final NodeCatalog SEED_DOWNLOADS = EngineHarness.catalogOf(
            new ArchiveSpec("containerd", "1.7.0", CONTAINERD_URL, CONTAINERD_SHA, ArchiveSpec.TAR_GZ, "/usr/local",
                    null, "/usr/local/bin/containerd"),
            new ArchiveSpec("runc", "1.1.4", "https://github.com/opencontainers/runc/releases/download/v1.1.4/runc.amd64",
                    "db772be63147a4e747b4fe286c7c16a2edc4a8458bd3092ea46aaee77750e8ce", ArchiveSpec.FILE,
                    "/usr/local/sbin/runc", "0755", "/usr/local/sbin/runc"),
            new ArchiveSpec("cni-plugins", "1.2.0", "https://github.com/containernetworking/plugins/releases/download/"
                    + "v1.2.0/cni-plugins-linux-amd64-v1.2.0.tgz",
                    "f3a841324845ca6bf0d4091b4fc7f97e18a623172158b72fc3fdcdb9d42d2d37", ArchiveSpec.TAR_GZ,
                    "/opt/cni/bin", null, "/opt/cni/bin/bridge"),
            new ArchiveSpec("flannel-manifest", null, "https://github.com/flannel-io/flannel/releases/download/v0.26.4/"
                    + "kube-flannel.yml", null, ArchiveSpec.FILE, "/etc/kubenode/manifests/kube-flannel.yml", "0644",
                    "/etc/kubenode/manifests/kube-flannel.yml"));

    @TempDir
    Path root;
    private final EngineHarness engine = new EngineHarness(OsFamily.RHEL);

    @Test
    void theSeedDownloadsConvergeOnAnEmptyRootAsLabelledStandInsAndStayConverged() throws Exception {
        SandboxHost sandbox = new SandboxHost(root, Simulations.all());

        engine.assertIdempotent(SEED_DOWNLOADS, sandbox);

        assertThat(root.resolve("usr/local/bin/containerd")).content()
                .contains("sandbox stand-in for " + CONTAINERD_URL + "@sha256:" + CONTAINERD_SHA)
                .contains("nothing was downloaded");
        assertThat(TestArchives.mode(root.resolve("usr/local/sbin/runc"))).isEqualTo("0755");
        assertThat(root.resolve("opt/cni/bin/bridge")).exists();
        assertThat(root.resolve("etc/kubenode/manifests/kube-flannel.yml")).content().contains("@sha256:UNVERIFIED");
        assertThat(sandbox.recordedCommands()).hasSize(4)
                .allMatch(command -> command.startsWith("download https://github.com/"))
                .anyMatch(command -> command.startsWith("download " + CONTAINERD_URL + " (sandbox"));
    }

    @Test
    void aSecondSandboxApplyLeavesTheTreeByteIdenticalAndRecordsNoDownload() {
        engine.apply(SEED_DOWNLOADS, new SandboxHost(root, Simulations.all()));
        Map<String, String> converged = TreeSnapshot.of(root);
        SandboxHost again = new SandboxHost(root, Simulations.all());

        assertThat(engine.apply(SEED_DOWNLOADS, again).changes()).isEmpty();
        assertThat(TreeSnapshot.of(root)).isEqualTo(converged);
        assertThat(again.recordedCommands()).isEmpty();
    }

    @Test
    void anArchiveWithoutCreatesGetsItsStandInInsideItsDestinationDirectory() throws Exception {
        ArchiveSpec noCreates = new ArchiveSpec("tools", "2.0", "https://example.com/tools.tar.gz", "c".repeat(64),
                ArchiveSpec.TAR_GZ, "/usr/local/tools", null, null);

        engine.assertIdempotent(EngineHarness.catalogOf(noCreates), new SandboxHost(root, Simulations.all()));

        assertThat(root.resolve("usr/local/tools")).isDirectory();
        assertThat(root.resolve("usr/local/tools/.kubenode-sandbox-stand-in-tools")).content()
                .contains("https://example.com/tools.tar.gz@sha256:" + "c".repeat(64));
    }

    @Test
    void aSandboxPlanOnAFreshRootListsTheDownloadsAndWritesNothing() throws Exception {
        SandboxHost sandbox = new SandboxHost(root, Simulations.all());

        assertThat(engine.plan(SEED_DOWNLOADS, sandbox).changes()).containsExactly(
                "+ archive:containerd 1.7.0 (sha256 b068b05d…)",
                "+ archive:runc 1.1.4 (sha256 db772be6…)",
                "+ archive:cni-plugins 1.2.0 (sha256 f3a84132…)",
                "+ archive:flannel-manifest (" + ArchiveDiff.UNVERIFIED + ")");
        try (var entries = Files.list(root)) {
            assertThat(entries).isEmpty();
        }
        assertThat(sandbox.recordedCommands()).isEmpty();
    }
}
