package io.kubenode.agent.resource.archive;

import io.kubenode.agent.host.FileAttributes;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.host.TreeSnapshot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Archives a supply-chain attacker could publish with a matching checksum, built entry by entry: each must be
 * refused as a whole, with its reason, and leave the tree exactly as it was (nothing read out, nothing written).
 * The destination is /opt/cni/bin under a temporary root; /etc/shadow there holds a secret.
 */
class HostileArchiveTest {
    private static final String DESTINATION = "/opt/cni/bin";
    private static final String SECRET = "root:$6$secret-hash:19000::::::\n";

    @TempDir
    Path root;
    private LocalHost host;

    @BeforeEach
    void machine() throws Exception {
        host = new LocalHost(root);
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/shadow"), SECRET);
    }

    @Test
    void linksChainedThroughLinksThatClimbOutAreRefused() throws Exception {
        // Read as text each target stays inside; followed for real, "escape" is the root of the machine.
        HostileTar archive = new HostileTar()
                .symlink("a/b/c/d", "../../..")
                .symlink("escape", "a/b/c/d/../../..")
                .symlink("shadow", "escape/etc/shadow");

        assertRefusedWithNothingWritten(archive, "link escape -> a/b/c/d/../../.. points outside the destination");
    }

    @Test
    void aFileThatLaterBecomesALinkCannotFeedAHardLinkWithAFileFromOutside() throws Exception {
        HostileTar archive = new HostileTar()
                .symlink("a/b/c/d", "../../..")
                .symlink("escape", "a/b/c/d/../../..")
                .file("shadow", "placeholder\n")
                .symlink("shadow", "escape/etc/shadow")
                .hardLink("copy", "shadow");

        assertRefusedWithNothingWritten(archive, "duplicate member shadow (first a file, then a symbolic link)");
        assertThat(root.resolve("opt/cni/bin/copy")).doesNotExist();
    }

    @Test
    void aLinkToTheParentFollowedByAMemberUnderItIsRefused() throws Exception {
        assertRefusedWithNothingWritten(new HostileTar().symlink("a", "..").file("a/x", "x\n"),
                "link a -> .. points outside the destination");
    }

    @Test
    void aLinkToAnAbsoluteDirectoryFollowedByAMemberUnderItIsRefused() throws Exception {
        assertRefusedWithNothingWritten(new HostileTar().symlink("evil", "/etc").file("evil/passwd", "x\n"),
                "evil/passwd goes through the link evil");
    }

    @Test
    void aFileReplacedByALinkToAnAbsolutePathIsRefused() throws Exception {
        assertRefusedWithNothingWritten(new HostileTar().file("x", "x\n").symlink("x", "/etc/shadow"),
                "duplicate member x");
    }

    @Test
    void aHardLinkWhoseSourceIsASymlinkToOutsideIsRefused() throws Exception {
        HostileTar archive = new HostileTar()
                .symlink("a/b/c/d", "../../..")
                .symlink("outside", "a/b/c/d/../../../etc/shadow")
                .hardLink("copy", "outside");

        assertRefusedWithNothingWritten(archive, "hard link copy -> outside is not to an earlier regular file");
    }

    @Test
    void namesClimbingOutOrAbsoluteAreRefused() throws Exception {
        assertRefusedWithNothingWritten(new HostileTar().file("ok", "ok\n").file("../../../etc/cron", "x\n"),
                "'..' in ../../../etc/cron");
        assertRefusedWithNothingWritten(new HostileTar().file("/etc/cron", "x\n"), "absolute path /etc/cron");
    }

    @Test
    void aRepeatedFileNameIsRefused() throws Exception {
        assertRefusedWithNothingWritten(new HostileTar().file("bridge", "good\n").file("bridge", "evil\n"),
                "duplicate member bridge (first a file, then a file)");
    }

    @Test
    void aDirectoryOfEarlierMembersCannotBecomeALink() throws Exception {
        assertRefusedWithNothingWritten(new HostileTar().file("evil/passwd", "x\n").symlink("evil", "sub"),
                "duplicate member evil (first a directory, then a symbolic link)");
    }

    @Test
    void aMemberUnderALinkAlreadyOnTheHostIsRefused() throws Exception {
        Files.createDirectories(root.resolve("opt/cni/bin"));
        Files.createSymbolicLink(root.resolve("opt/cni/bin/sub"), Path.of("../../../etc"));

        assertRefusedWithNothingWritten(new HostileTar().file("sub/shadow", "owned\n"),
                "sub/shadow would go through a symbolic link on the host (/opt/cni/bin/sub is /etc)");
        assertThat(root.resolve("etc/shadow")).hasContent(SECRET.strip());
    }

    @Test
    void aLinkOnTheHostWhereTheArchiveHasAFileIsReplacedNotWrittenThrough() throws Exception {
        Files.createDirectories(root.resolve("opt/cni/bin"));
        Files.createSymbolicLink(root.resolve("opt/cni/bin/tool"), Path.of("../../../etc/shadow"));

        extract(new HostileTar().file("tool", "#!/bin/sh\n"));

        assertThat(Files.isSymbolicLink(root.resolve("opt/cni/bin/tool"))).isFalse();
        assertThat(root.resolve("opt/cni/bin/tool")).hasContent("#!/bin/sh");
        assertThat(root.resolve("etc/shadow")).hasContent(SECRET.strip());
    }

    @Test
    void linksInsideTheDestinationThroughOtherLinksAreKept() throws Exception {
        extract(new HostileTar()
                .directory("lib64")
                .file("lib64/libcni.so", "elf\n")
                .symlink("lib", "lib64")
                .symlink("bin/libcni.so", "../lib/libcni.so")
                .directory("lib64"));

        assertThat(root.resolve("opt/cni/bin/bin/libcni.so")).hasContent("elf");
    }

    @Test
    void anArchiveWhoseFilesExceedTheExtractedCeilingIsRefused() throws Exception {
        // A gzip bomb in miniature: the ceiling is lowered instead of the test writing gigabytes.
        host.writeAtomically("/cache/archive.tar.gz", new HostileTar().file("a", "x".repeat(600))
                .file("b", "x".repeat(600)).hardLink("c", "a").tarGz(), FileAttributes.mode("0600"));
        Map<String, String> before = TreeSnapshot.of(root);

        assertThatThrownBy(() -> new TarExtractor(host, "/cache/archive.tar.gz", 1500).extractInto(DESTINATION))
                .isInstanceOf(HostException.class).hasMessageContaining("nothing written")
                .hasMessageContaining("its files hold 1800 bytes, more than the 1500 bytes allowed");
        assertThat(TreeSnapshot.of(root)).isEqualTo(before);
    }

    private void extract(HostileTar archive) throws HostException {
        host.writeAtomically("/cache/archive.tar.gz", archive.tarGz(), FileAttributes.mode("0600"));
        new TarExtractor(host, "/cache/archive.tar.gz").extractInto(DESTINATION);
    }

    private void assertRefusedWithNothingWritten(HostileTar archive, String reason) throws Exception {
        host.writeAtomically("/cache/archive.tar.gz", archive.tarGz(), FileAttributes.mode("0600"));
        Map<String, String> before = TreeSnapshot.of(root);

        assertThatThrownBy(() -> new TarExtractor(host, "/cache/archive.tar.gz").extractInto(DESTINATION))
                .isInstanceOf(HostException.class).hasMessageContaining("refusing to extract")
                .hasMessageContaining("nothing written").hasMessageContaining(reason);
        assertThat(TreeSnapshot.of(root)).isEqualTo(before);
    }
}
