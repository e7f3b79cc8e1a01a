package io.kubenode.agent.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class AtomicFilesTest {
    @TempDir
    Path root;

    @Test
    void aWriteDeletesOldLeftoversOfItsTargetButKeepsFreshOnesAndThoseOfOtherFiles() throws Exception {
        Path directory = Files.createDirectories(root.resolve("etc/kubernetes"));
        Path killedWritersFile = leftover(directory, ".kubelet.conf.8412093345521187765.kubenode-tmp",
                Duration.ofHours(1));
        Path concurrentWritersFile = leftover(directory, ".kubelet.conf.1180225711309917452.kubenode-tmp",
                Duration.ofMinutes(1));
        Path otherTargetsFile = leftover(directory, ".kubelet.conf.d.3398210477410032291.kubenode-tmp",
                Duration.ofHours(1));
        Path notATemporaryFile = leftover(directory, ".kubelet.conf.backup.kubenode-tmp", Duration.ofHours(1));

        new LocalHost(root).writeAtomically("/etc/kubernetes/kubelet.conf", bytes("new"), FileAttributes.mode("0600"));

        assertThat(killedWritersFile).doesNotExist();
        assertThat(concurrentWritersFile).exists();
        assertThat(otherTargetsFile).exists();
        assertThat(notATemporaryFile).exists();
        assertThat(directory.resolve("kubelet.conf")).hasContent("new");
    }

    @Test
    void theStreamVariantCleansUpToo() throws Exception {
        Path directory = Files.createDirectories(root.resolve("opt/cni/bin"));
        Path killedWritersFile = leftover(directory, ".bridge.17.kubenode-tmp", Duration.ofDays(2));

        new LocalHost(root).writeAtomically("/opt/cni/bin/bridge", new ByteArrayInputStream(bytes("elf")),
                FileAttributes.mode("0755"));

        assertThat(killedWritersFile).doesNotExist();
        assertThat(directory.resolve("bridge")).hasContent("elf");
    }

    @Test
    void bothVariantsWriteTheSameFileAndLeaveNoTemporaryFileBehind() throws Exception {
        LocalHost host = new LocalHost(root);

        host.writeAtomically("/etc/a.conf", bytes("same"), new FileAttributes(null, null, null));
        host.writeAtomically("/etc/b.conf", new ByteArrayInputStream(bytes("same")),
                new FileAttributes(null, null, null));

        assertThat(host.stat("/etc/a.conf").orElseThrow().mode()).isEqualTo("0644");
        assertThat(host.stat("/etc/b.conf").orElseThrow().mode()).isEqualTo("0644");
        assertThat(host.read("/etc/a.conf")).contains(bytes("same"));
        assertThat(host.read("/etc/b.conf")).contains(bytes("same"));
        assertThat(host.list("/etc")).containsExactly("a.conf", "b.conf");
    }

    @Test
    void anExistingFileKeepsTheModeARewriteLeavesUnset() throws Exception {
        LocalHost host = new LocalHost(root);
        host.writeAtomically("/etc/secret", bytes("v1"), FileAttributes.mode("0600"));

        host.writeAtomically("/etc/secret", bytes("v2"), new FileAttributes(null, null, null));

        assertThat(host.stat("/etc/secret").orElseThrow().mode()).isEqualTo("0600");
        assertThat(host.read("/etc/secret")).contains(bytes("v2"));
    }

    private static Path leftover(Path directory, String name, Duration age) throws IOException {
        Path file = Files.writeString(directory.resolve(name), "partial");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
        return file;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
