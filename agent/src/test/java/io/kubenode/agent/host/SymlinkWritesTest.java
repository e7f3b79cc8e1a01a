package io.kubenode.agent.host;

import io.kubenode.agent.host.sandbox.SandboxHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Symbolic links met by writes: resolved as if the root were "/", written through, never copied as a mode. */
class SymlinkWritesTest {
    @TempDir
    Path root;
    @TempDir
    Path outside;

    @Test
    void anAbsoluteLinkInAParentResolvesUnderTheRootNotOnTheRealMachine() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        // On the real machine this link would lead to the test's "outside" directory.
        Files.createSymbolicLink(root.resolve("etc/foo"), outside);

        new LocalHost(root).writeAtomically("/etc/foo/authorized_keys", bytes("key"), FileAttributes.mode("0600"));

        assertThat(outside.resolve("authorized_keys")).doesNotExist();
        assertThat(root.resolve(outside.toString().substring(1)).resolve("authorized_keys")).hasContent("key");
    }

    @Test
    void theSandboxNeverFollowsALinkOutOfItsRoot() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.createSymbolicLink(root.resolve("etc/foo"), outside);
        SandboxHost sandbox = new SandboxHost(root, List.of());

        sandbox.writeAtomically("/etc/foo/bar.conf", bytes("x"), new FileAttributes("0640", "nobody", null));

        assertThat(outside.resolve("bar.conf")).doesNotExist();
        assertThat(root.resolve(outside.toString().substring(1)).resolve("bar.conf")).hasContent("x");
        assertThat(sandbox.stat("/etc/foo/bar.conf").orElseThrow().owner()).isEqualTo("nobody");
    }

    @Test
    void replacingAFileThatIsALinkWritesThroughItAndKeepsTheTargetsMode() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Path real = Files.writeString(root.resolve("etc/hosts.real"), "old\n");
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-r-----"));
        Files.createSymbolicLink(root.resolve("etc/hosts"), Path.of("hosts.real"));

        new LocalHost(root).writeAtomically("/etc/hosts", bytes("new\n"), new FileAttributes(null, null, null));

        assertThat(Files.isSymbolicLink(root.resolve("etc/hosts"))).as("the link is kept").isTrue();
        assertThat(real).hasContent("new\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(real))).isEqualTo("rw-r-----");
    }

    @Test
    void aDanglingLinkGetsANewFileWithMode0644NotTheLinks0777() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.createSymbolicLink(root.resolve("etc/fstab"), Path.of("/etc/fstab.d/main"));

        LocalHost host = new LocalHost(root);
        host.writeAtomically("/etc/fstab", bytes("none\n"), new FileAttributes(null, null, null));

        Path written = root.resolve("etc/fstab.d/main");
        assertThat(written).hasContent("none\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written))).isEqualTo("rw-r--r--");
        assertThat(host.stat("/etc/fstab").orElseThrow().mode()).isEqualTo("0644");
    }

    @Test
    void deleteAndCreateSymlinkActOnTheLinkItself() throws Exception {
        Files.createDirectories(root.resolve("opt/app"));
        Path target = Files.writeString(root.resolve("opt/app/real"), "keep");
        Files.createSymbolicLink(root.resolve("opt/app/link"), Path.of("real"));
        LocalHost host = new LocalHost(root);

        host.createSymlink("/opt/app/link", "other");
        assertThat(Files.readSymbolicLink(root.resolve("opt/app/link"))).isEqualTo(Path.of("other"));
        host.delete("/opt/app/link");

        assertThat(root.resolve("opt/app/link")).doesNotExist();
        assertThat(target).hasContent("keep");
    }

    @Test
    void aLinkLoopIsAClearError() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.createSymbolicLink(root.resolve("etc/a"), Path.of("b"));
        Files.createSymbolicLink(root.resolve("etc/b"), Path.of("a"));

        assertThatThrownBy(() -> new LocalHost(root).writeAtomically("/etc/a/x", bytes("x"),
                FileAttributes.mode("0644")))
                .isInstanceOf(HostException.class).hasMessageContaining("too many levels of symbolic links");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
