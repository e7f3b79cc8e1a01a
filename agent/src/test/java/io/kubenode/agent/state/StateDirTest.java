package io.kubenode.agent.state;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.host.HostLock;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.catalog.SysctlSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

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
