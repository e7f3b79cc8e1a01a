package io.kubenode.agent.resource.archive;

import io.kubenode.agent.host.FileAttributes;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.host.RealCommands;
import io.kubenode.agent.host.TreeSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real archives made by GNU tar, hostile ones included, extracted through the Host into a temporary root. */
class TarExtractorTest {
    @TempDir
    Path root;
    @TempDir
    Path work;

    private int extract(byte[] archive) throws HostException {
        LocalHost host = new LocalHost(root);
        host.writeAtomically("/cache/archive.tar.gz", archive, FileAttributes.mode("0600"));
        return new TarExtractor(host, "/cache/archive.tar.gz").extractInto("/opt/cni/bin");
    }

    private void assertRefusedWithNothingWritten(byte[] archive, String reason) throws Exception {
        var before = TreeSnapshot.of(root);
        LocalHost host = new LocalHost(root);
        host.writeAtomically("/cache/archive.tar.gz", archive, FileAttributes.mode("0600"));
        var withArchive = TreeSnapshot.of(root);

        assertThatThrownBy(() -> new TarExtractor(host, "/cache/archive.tar.gz").extractInto("/opt/cni/bin"))
                .isInstanceOf(HostException.class).hasMessageContaining("refusing to extract")
                .hasMessageContaining("nothing written").hasMessageContaining(reason);
        assertThat(TreeSnapshot.of(root)).isEqualTo(withArchive);
        assertThat(before).doesNotContainKey("/opt");
    }

    @Test
    void aMemberNamedWithDotDotIsRefusedBeforeAnyMemberIsWritten() throws Exception {
        Path dir = Files.createDirectories(work.resolve("release"));
        Files.writeString(dir.resolve("good"), "good\n");
        Files.writeString(work.resolve("evil"), "evil\n");

        assertRefusedWithNothingWritten(TestArchives.tarGzWithRawNames(dir, "good", "../evil"), "'..' in ../evil");
        assertThat(root.resolve("opt/cni/evil")).doesNotExist();
    }

    @Test
    void aMemberWithAnAbsolutePathIsRefused() throws Exception {
        Path evil = Files.writeString(work.resolve("evil"), "evil\n");

        assertRefusedWithNothingWritten(TestArchives.tarGzWithRawNames(work, evil.toString()),
                "absolute path " + evil);
    }

    @Test
    void aSymlinkPointingOutOfTheDestinationIsRefused() throws Exception {
        Path dir = Files.createDirectories(work.resolve("release"));
        Files.createSymbolicLink(dir.resolve("passwd"), Path.of("../../etc/passwd"));

        assertRefusedWithNothingWritten(TestArchives.tarGz(dir), "link passwd -> ../../etc/passwd points outside");
    }

    @Test
    void aSymlinkWithAnAbsoluteTargetIsRefused() throws Exception {
        Path dir = Files.createDirectories(work.resolve("release"));
        Files.createSymbolicLink(dir.resolve("shadow"), Path.of("/etc/shadow"));

        assertRefusedWithNothingWritten(TestArchives.tarGz(dir), "link shadow -> /etc/shadow (absolute");
    }

    @Test
    void aMemberStoredUnderASymlinkOfTheSameArchiveIsRefused() throws Exception {
        Path dir = Files.createDirectories(work.resolve("release"));
        Files.createDirectories(dir.resolve("real"));
        Files.writeString(dir.resolve("real/file"), "x\n");
        Files.createSymbolicLink(dir.resolve("lnk"), Path.of("real"));

        assertRefusedWithNothingWritten(TestArchives.tarGzWithRawNames(dir, "lnk", "lnk/file"),
                "lnk/file goes through the link lnk");
    }

    @Test
    void aDeviceOrFifoIsRefused() throws Exception {
        Path dir = Files.createDirectories(work.resolve("release"));
        RealCommands.runChecked("mkfifo", dir.resolve("pipe").toString());

        assertRefusedWithNothingWritten(TestArchives.tarGz(dir), "pipe is a special file (tar type '6')");
    }

    @Test
    void aFileThatIsNoTarArchiveFailsClearly() throws Exception {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
            out.write("this is not a tar archive, just text that is long enough to fill a header block. "
                    .repeat(10).getBytes());
        }

        assertThatThrownBy(() -> extract(gzipped.toByteArray())).hasMessageContaining("not a tar archive");
    }

    @Test
    void symlinksInsideTheDestinationAndHardLinksAreKept() throws Exception {
        Path dir = Files.createDirectories(work.resolve("release"));
        Files.writeString(dir.resolve("bridge"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(dir.resolve("bridge"), LocalHost.toPermissions("0755"));
        Files.createLink(dir.resolve("bridge-hardlink"), dir.resolve("bridge"));
        Files.createSymbolicLink(dir.resolve("bridge-alias"), Path.of("bridge"));

        extract(TestArchives.tarGz(dir));

        Path destination = root.resolve("opt/cni/bin");
        assertThat(Files.readSymbolicLink(destination.resolve("bridge-alias"))).isEqualTo(Path.of("bridge"));
        assertThat(destination.resolve("bridge-hardlink")).hasContent("#!/bin/sh");
        assertThat(TestArchives.mode(destination.resolve("bridge-hardlink"))).isEqualTo("0755");
    }

    @Test
    void longNamesInGnuAndPaxArchivesAreExtractedWhole() throws Exception {
        String longPath = "a".repeat(60) + "/" + "b".repeat(60) + "/" + "c".repeat(70) + ".txt";
        for (String format : new String[] {"--format=gnu", "--format=pax", "--format=ustar"}) {
            Path dir = Files.createDirectories(work.resolve("release" + format.substring(9)));
            Files.createDirectories(dir.resolve(longPath).getParent());
            Files.writeString(dir.resolve(longPath), format + "\n");

            extract(TestArchives.tarGz(dir, format));

            assertThat(root.resolve("opt/cni/bin").resolve(longPath)).as(format).hasContent(format);
        }
    }

    @Test
    void theMemberCountIncludesDirectoriesAndFiles() throws Exception {
        int written = extract(TestArchives.tarGz(TestArchives.releaseTree(work, "1.0.0")));

        assertThat(written).as("bin/, bin/tool, share/, share/x.txt").isEqualTo(4);
    }
}
