package io.kubenode.agent.state;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.HostLock;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.catalog.SysctlSpec;
import io.kubenode.common.document.DocumentReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateDirTest {
    @TempDir
    Path root;

    @Test
    void theCachedCatalogRoundTripsWithMode0600() throws Exception {
        StateDir state = new StateDir(new LocalHost(root), StateDir.DEFAULT);
        NodeCatalog catalog = EngineHarness.catalogOf(new SysctlSpec("net.ipv4.ip_forward", "1"));

        state.saveCatalog(catalog);

        assertThat(state.loadCatalog()).get().extracting(CatalogLoader.Loaded::catalog).isEqualTo(catalog);
        assertThat(Files.getPosixFilePermissions(root.resolve("var/lib/kubenode-agent/catalog.json")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void anEditedCachedCatalogIsNotUsed() throws Exception {
        StateDir state = new StateDir(new LocalHost(root), StateDir.DEFAULT);
        state.saveCatalog(EngineHarness.catalogOf(new SysctlSpec("net.ipv4.ip_forward", "1")));
        Path cached = root.resolve("var/lib/kubenode-agent/catalog.json");
        Files.writeString(cached, Files.readString(cached).replace("\"1\"", "\"0\""));

        assertThat(state.loadCatalog()).get().extracting(CatalogLoader.Loaded::ok).isEqualTo(false);
    }

    @Test
    void stateFilesLargerThanTheirCapAreRefusedWithoutBeingReadWhole() throws Exception {
        StateDir state = new StateDir(new LocalHost(root), StateDir.DEFAULT);
        Path directory = Files.createDirectories(root.resolve("var/lib/kubenode-agent"));
        writeSparse(directory.resolve("catalog.json"), 1L << 32);
        writeSparse(directory.resolve("enrollment.yaml"), 1L << 32);

        assertThatThrownBy(state::loadCatalog).isInstanceOf(HostException.class).hasMessageContaining(
                "/var/lib/kubenode-agent/catalog.json is larger than the "
                        + (CatalogLoader.MAX_BYTES + CatalogSeal.OVERHEAD) + " bytes");
        assertThatThrownBy(state::loadEnrollment).isInstanceOf(HostException.class).hasMessageContaining(
                "/var/lib/kubenode-agent/enrollment.yaml is larger than the " + DocumentReader.MAX_BYTES + " bytes");
    }

    @Test
    void anyHostReadIsCapped() throws Exception {
        writeSparse(Files.createDirectories(root.resolve("etc")).resolve("huge.conf"), Host.READ_MAX_BYTES + 1);

        assertThatThrownBy(() -> new LocalHost(root).read("/etc/huge.conf")).isInstanceOf(HostException.class)
                .hasMessageContaining("/etc/huge.conf is larger than the " + Host.READ_MAX_BYTES + " bytes");
    }

    /** A file of that size taking no disk space (a hole), as a filled disk or a hostile edit could leave. */
    private static void writeSparse(Path file, long size) throws Exception {
        try (java.io.RandomAccessFile out = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            out.setLength(size);
        }
    }

    @Test
    void onlyOneRunHoldsTheLockAndItIsFreedWhenReleased() throws Exception {
        StateDir state = new StateDir(new LocalHost(root), StateDir.DEFAULT);
        Optional<HostLock> first = state.tryLock();

        assertThat(first).isPresent();
        assertThat(state.tryLock()).isEmpty();
        assertThat(state.lockHolder()).isEqualTo(String.valueOf(ProcessHandle.current().pid()));
        first.get().close();
        try (HostLock again = state.tryLock().orElseThrow()) {
            assertThat(again).isNotNull();
        }
    }

    @Test
    void aLockHeldByAProcessKilledMinus9IsFreeAgain() throws Exception {
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolderMain.class.getName(), root.toString())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        StateDir state = new StateDir(new LocalHost(root), StateDir.DEFAULT);
        try {
            String firstLine = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream()))
                    .readLine();
            assertThat(firstLine).isEqualTo("locked");
            assertThat(state.tryLock()).as("held by the other process").isEmpty();
            assertThat(state.lockHolder()).isEqualTo(String.valueOf(holder.pid()));
        } finally {
            holder.destroyForcibly();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try (HostLock taken = state.tryLock().orElseThrow(() -> new AssertionError("stale lock not freed"))) {
            assertThat(taken).isNotNull();
        }
    }
}
