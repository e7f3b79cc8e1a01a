package io.kubenode.agent.resource.archive;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.engine.ResourceReport;
import io.kubenode.agent.host.Backoff;
import io.kubenode.agent.host.HttpsFetcher;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.host.RetryPolicy;
import io.kubenode.agent.host.TestCa;
import io.kubenode.agent.host.TestHttpsServer;
import io.kubenode.agent.host.TreeSnapshot;
import io.kubenode.common.catalog.ArchiveSpec;
import io.kubenode.common.cluster.OsFamily;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The archive resource against a real local HTTPS server with a CA made for this run, on a temporary root. */
class ArchiveHandlerTest {
    private static final TestCa CA = TestCa.create("kubenode archive test CA");
    private static final String MARKER = "var/lib/kubenode-agent/archives/tool.sha256";

    @TempDir
    Path root;
    @TempDir
    Path work;
    private final TestHttpsServer server = TestHttpsServer.start(CA.serverContext());
    private final EngineHarness engine = new EngineHarness(OsFamily.RHEL);

    @AfterEach
    void stopServer() {
        server.close();
    }

    private LocalHost host() {
        return new LocalHost(root, new HttpsFetcher(CA.clientContext(), HttpClient.Builder.NO_PROXY,
                new RetryPolicy(4, new Backoff(Duration.ofMillis(10), Duration.ofMillis(40))),
                Duration.ofSeconds(5), Duration.ofSeconds(5)));
    }

    private ArchiveSpec tarGz(String path, String sha256) {
        return new ArchiveSpec("tool", "1.0.0", server.url(path), sha256, ArchiveSpec.TAR_GZ, "/usr/local", null,
                "/usr/local/bin/tool");
    }

    private static ResourceReport only(Report report) {
        return report.resources().get(0);
    }

    @Test
    void aTarGzIsVerifiedThenExtractedKeepingRelativePathsAndExecutableBitsAndIsIdempotent() throws Exception {
        byte[] archive = TestArchives.tarGz(TestArchives.releaseTree(work, "1.0.0"));
        String sha256 = TestArchives.sha256(archive);
        server.route("/tool.tar.gz", TestHttpsServer.bytes(archive));

        Report first = engine.assertIdempotent(EngineHarness.catalogOf(tarGz("/tool.tar.gz", sha256)), host());

        assertThat(first.changes()).containsExactly("+ archive:tool 1.0.0 (sha256 " + sha256.substring(0, 8) + "…)");
        Path tool = root.resolve("usr/local/bin/tool");
        assertThat(Files.readString(tool)).isEqualTo("#!/bin/sh\necho tool 1.0.0\n");
        assertThat(TestArchives.mode(tool)).isEqualTo("0755");
        assertThat(TestArchives.mode(root.resolve("usr/local/share/x.txt"))).isEqualTo("0644");
        assertThat(Files.getOwner(tool).getName()).as("owners in the archive are not applied").isEqualTo("root");
        assertThat(Files.readString(root.resolve(MARKER)))
                .isEqualTo(sha256 + "  " + server.url("/tool.tar.gz") + "\n");
        assertThat(root.resolve("var/lib/kubenode-agent/cache/" + sha256)).hasBinaryContent(archive);
        assertThat(server.requests()).as("downloaded once, the later passes only observe").hasSize(1);
    }

    @Test
    void aSingleBinaryIsPlacedAtItsDestinationWithItsModeAndIsIdempotent() throws Exception {
        byte[] binary = "\u007fELF pretend runc binary".getBytes(StandardCharsets.UTF_8);
        server.route("/runc.amd64", TestHttpsServer.bytes(binary));
        ArchiveSpec runc = new ArchiveSpec("runc", "1.1.4", server.url("/runc.amd64"), TestArchives.sha256(binary),
                ArchiveSpec.FILE, "/usr/local/sbin/runc", "0755", "/usr/local/sbin/runc");

        engine.assertIdempotent(EngineHarness.catalogOf(runc), host());

        assertThat(root.resolve("usr/local/sbin/runc")).hasBinaryContent(binary);
        assertThat(TestArchives.mode(root.resolve("usr/local/sbin/runc"))).isEqualTo("0755");
    }

    @Test
    void aTamperedDownloadIsRefusedWithBothHashesAndNothingIsInstalled() {
        byte[] genuine = TestArchives.tarGz(TestArchives.releaseTree(work, "1.0.0"));
        byte[] tampered = TestArchives.tarGz(TestArchives.releaseTree(work, "6.6.6"));
        server.route("/tool.tar.gz", TestHttpsServer.bytes(tampered));
        String expected = TestArchives.sha256(genuine);
        Report report = engine.apply(EngineHarness.catalogOf(tarGz("/tool.tar.gz", expected)), host());

        assertThat(only(report).state()).isEqualTo("failed");
        assertThat(only(report).message()).contains("sha256 mismatch").contains("expected " + expected)
                .contains("got " + TestArchives.sha256(tampered)).contains("nothing installed");
        assertThat(root.resolve("usr")).as("destination untouched").doesNotExist();
        assertThat(root.resolve(MARKER)).doesNotExist();
        assertThat(root.resolve("var/lib/kubenode-agent/cache/" + expected)).as("bad bytes not kept").doesNotExist();
    }

    @Test
    void a503TwiceIsRetriedAndTheThirdAttemptInstalls() {
        byte[] archive = TestArchives.tarGz(TestArchives.releaseTree(work, "1.0.0"));
        server.route("/tool.tar.gz", TestHttpsServer.failing(2, 503, TestHttpsServer.bytes(archive)));

        Report report = engine.apply(EngineHarness.catalogOf(tarGz("/tool.tar.gz", TestArchives.sha256(archive))),
                host());

        assertThat(only(report).state()).isEqualTo("changed");
        assertThat(server.requests()).hasSize(3);
        assertThat(root.resolve("usr/local/bin/tool")).exists();
    }

    @Test
    void aDownloadCutMidwayResumesWithARangeRequestAndTheWholeFileIsVerified() {
        byte[] archive = TestArchives.tarGz(TestArchives.releaseTree(work, "1.0.0"));
        server.route("/tool.tar.gz", TestHttpsServer.cutMidway(archive));

        Report report = engine.apply(EngineHarness.catalogOf(tarGz("/tool.tar.gz", TestArchives.sha256(archive))),
                host());

        assertThat(only(report).state()).isEqualTo("changed");
        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(1)).matches("GET /tool.tar.gz Range: bytes=[1-9][0-9]*-");
        assertThat(root.resolve("usr/local/bin/tool")).exists();
    }

    @Test
    void aServerWithACertificateFromAnotherCaIsRefused() {
        try (TestHttpsServer impostor = TestHttpsServer.start(TestCa.create("impostor CA").serverContext())) {
            impostor.route("/tool.tar.gz", TestHttpsServer.bytes(new byte[10]));
            ArchiveSpec spec = new ArchiveSpec("tool", "1.0.0", impostor.url("/tool.tar.gz"), "0".repeat(64),
                    ArchiveSpec.TAR_GZ, "/usr/local", null, "/usr/local/bin/tool");

            Report report = engine.apply(EngineHarness.catalogOf(spec), host());

            assertThat(only(report).state()).isEqualTo("failed");
            assertThat(only(report).message()).contains("TLS handshake failed").contains("certificate");
            assertThat(root.resolve("usr")).doesNotExist();
        }
    }

    @Test
    void aCachedArtifactWhoseSha256MatchesIsReusedWithoutTheNetwork() throws Exception {
        byte[] archive = TestArchives.tarGz(TestArchives.releaseTree(work, "1.0.0"));
        server.route("/tool.tar.gz", TestHttpsServer.bytes(archive));
        ArchiveSpec spec = tarGz("/tool.tar.gz", TestArchives.sha256(archive));
        engine.apply(EngineHarness.catalogOf(spec), host());
        Files.delete(root.resolve("usr/local/bin/tool"));
        server.close();

        Report again = engine.apply(EngineHarness.catalogOf(spec), host());

        assertThat(again.changes()).containsExactly("+ archive:tool 1.0.0 (sha256 "
                + TestArchives.sha256(archive).substring(0, 8) + "…), /usr/local/bin/tool is missing");
        assertThat(only(again).state()).isEqualTo("changed");
        assertThat(root.resolve("usr/local/bin/tool")).exists();
    }

    @Test
    void aNewSha256InTheCatalogReinstallsAndThePlanShowsBothHashes() throws Exception {
        byte[] v1 = TestArchives.tarGz(TestArchives.releaseTree(work, "1.0.0"));
        byte[] v2 = TestArchives.tarGz(TestArchives.releaseTree(work, "2.0.0"));
        server.route("/v1.tar.gz", TestHttpsServer.bytes(v1)).route("/v2.tar.gz", TestHttpsServer.bytes(v2));
        engine.apply(EngineHarness.catalogOf(tarGz("/v1.tar.gz", TestArchives.sha256(v1))), host());
        ArchiveSpec upgrade = tarGz("/v2.tar.gz", TestArchives.sha256(v2));

        Report plan = engine.plan(EngineHarness.catalogOf(upgrade), host());
        assertThat(plan.changes()).containsExactly("~ archive:tool sha256 " + TestArchives.sha256(v1).substring(0, 8)
                + "… -> " + TestArchives.sha256(v2).substring(0, 8) + "…");

        engine.assertIdempotent(EngineHarness.catalogOf(upgrade), host());
        assertThat(Files.readString(root.resolve("usr/local/bin/tool"))).contains("tool 2.0.0");
    }

    @Test
    void anArtifactWithoutSha256IsInstalledButEveryChangeSaysUnverified() throws Exception {
        byte[] manifest = "kind: DaemonSet\n".getBytes(StandardCharsets.UTF_8);
        server.route("/kube-flannel.yml", TestHttpsServer.bytes(manifest));
        ArchiveSpec flannel = new ArchiveSpec("flannel-manifest", null, server.url("/kube-flannel.yml"), null,
                ArchiveSpec.FILE, "/etc/kubenode/manifests/kube-flannel.yml", "0644",
                "/etc/kubenode/manifests/kube-flannel.yml");

        Report first = engine.assertIdempotent(EngineHarness.catalogOf(flannel), host());

        assertThat(first.changes()).singleElement().asString().startsWith("+ archive:flannel-manifest (UNVERIFIED");
        assertThat(root.resolve("etc/kubenode/manifests/kube-flannel.yml")).hasBinaryContent(manifest);
    }

    @Test
    void aSingleFileWhoseModeDriftedIsCorrectedWithoutDownloading() throws Exception {
        byte[] binary = "binary".getBytes(StandardCharsets.UTF_8);
        server.route("/runc", TestHttpsServer.bytes(binary));
        ArchiveSpec runc = new ArchiveSpec("runc", "1.1.4", server.url("/runc"), TestArchives.sha256(binary),
                ArchiveSpec.FILE, "/usr/local/sbin/runc", "0755", "/usr/local/sbin/runc");
        engine.apply(EngineHarness.catalogOf(runc), host());
        Files.setPosixFilePermissions(root.resolve("usr/local/sbin/runc"), LocalHost.toPermissions("0644"));

        Report report = engine.assertIdempotent(EngineHarness.catalogOf(runc), host());

        assertThat(report.changes()).containsExactly("~ archive:runc mode 0644 -> 0755");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aPlanOnAFreshRootDownloadsNothingAndWritesNothing() {
        server.route("/tool.tar.gz", TestHttpsServer.bytes(new byte[1]));
        var before = TreeSnapshot.of(root);

        Report plan = engine.plan(EngineHarness.catalogOf(tarGz("/tool.tar.gz", "a".repeat(64))), host());

        assertThat(plan.changes()).hasSize(1);
        assertThat(TreeSnapshot.of(root)).isEqualTo(before);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void anArchiveLargerThanItsDeclaredSizeIsAbandonedWithNothingInstalledOrCached() throws Exception {
        byte[] archive = TestArchives.tarGz(TestArchives.releaseTree(work, "1.0.0"));
        server.route("/tool.tar.gz", TestHttpsServer.bytes(archive));
        ArchiveSpec declared = withSize(tarGz("/tool.tar.gz", TestArchives.sha256(archive)), archive.length - 1L);

        Report report = engine.apply(EngineHarness.catalogOf(declared), host());

        assertThat(only(report).message()).contains("announces " + archive.length + " bytes, more than the "
                + (archive.length - 1) + " allowed");
        assertThat(root.resolve("usr/local/bin/tool")).doesNotExist();
        String cached = "var/lib/kubenode-agent/cache/" + TestArchives.sha256(archive);
        assertThat(root.resolve(cached)).doesNotExist();
        assertThat(root.resolve(cached + ".part")).doesNotExist();
    }

    @Test
    void anArchiveSmallerThanItsDeclaredSizeIsRefused() throws Exception {
        byte[] archive = TestArchives.tarGz(TestArchives.releaseTree(work, "1.0.0"));
        server.route("/tool.tar.gz", TestHttpsServer.bytes(archive));
        ArchiveSpec declared = withSize(tarGz("/tool.tar.gz", null), archive.length + 1L);

        Report report = engine.apply(EngineHarness.catalogOf(declared), host());

        assertThat(only(report).message()).contains("size mismatch for " + server.url("/tool.tar.gz")
                + ": expected " + (archive.length + 1) + " bytes, got " + archive.length + "; nothing installed");
        assertThat(root.resolve("usr/local/bin/tool")).doesNotExist();
    }

    private static ArchiveSpec withSize(ArchiveSpec spec, long size) {
        return new ArchiveSpec(spec.name(), spec.version(), spec.url(), spec.sha256(), spec.format(),
                spec.destination(), spec.mode(), spec.creates(), size);
    }
}
