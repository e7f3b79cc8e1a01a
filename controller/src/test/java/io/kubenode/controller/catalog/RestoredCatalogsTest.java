package io.kubenode.controller.catalog;

import io.kubenode.controller.bench.FleetDocument;
import io.kubenode.controller.compiler.CatalogCompiler;
import io.kubenode.controller.store.ClusterPut;
import io.kubenode.controller.store.SqliteStore;
import io.kubenode.controller.store.StoreRestore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After a restore, a controller that starts on the restored store publishes the backup's catalogs at generations
 * above every one it published before, so the agents (which ignore a catalog at or below the generation they hold)
 * take them.
 */
class RestoredCatalogsTest {
    private static final List<String> NODES = List.of("node1.internal", "node2.internal", "node3.internal",
            "node4.internal");

    @TempDir
    Path dir;

    @Test
    void theRestoredCatalogsArePublishedAboveEveryGenerationAgentsMayHold() {
        Path data = dir.resolve("data");
        Path backup = dir.resolve("backup.db");
        String backedUp = FleetDocument.of(4, 1);
        long[] held = new long[NODES.size()];
        String backedUpHash;
        try (SqliteStore store = SqliteStore.open(data)) {
            ClusterCatalogs catalogs = new ClusterCatalogs(new CatalogCompiler(), new CatalogWatches());
            apply(store, catalogs, backedUp, 0);
            backedUpHash = contentHash(catalogs, "node4.internal");
            store.backup(backup);
            apply(store, catalogs, FleetDocument.of(4, 2), 1);
            apply(store, catalogs, FleetDocument.of(4, 3), 2);
            for (int i = 0; i < NODES.size(); i++) {
                held[i] = catalogs.watches().generation(NODES.get(i));
            }
        }

        StoreRestore.Outcome outcome = new StoreRestore(data, backup, Clock.systemUTC()).restore(false);
        assertThat(outcome).as(String.join("\n", outcome.lines())).isInstanceOf(StoreRestore.Restored.class);

        try (SqliteStore restored = SqliteStore.open(data)) {
            ClusterCatalogs catalogs = new ClusterCatalogs(new CatalogCompiler(), new CatalogWatches());
            catalogs.load(restored);
            for (int i = 0; i < NODES.size(); i++) {
                assertThat(catalogs.watches().generation(NODES.get(i))).as(NODES.get(i)).isGreaterThan(held[i]);
            }
            assertThat(contentHash(catalogs, "node4.internal")).as("the backup's catalog, served again")
                    .isEqualTo(backedUpHash);
            assertThat(restored.currentCluster().orElseThrow().text()).isEqualTo(backedUp);
        }
    }

    private static String contentHash(ClusterCatalogs catalogs, String node) {
        String body = catalogs.watches().current(node).orElseThrow().body().toString();
        return body.replaceFirst("(?s).*\"contentHash\":\"(sha256:[0-9a-f]+)\".*", "$1");
    }

    private static void apply(SqliteStore store, ClusterCatalogs catalogs, String document, long expected) {
        CompiledCluster compiled = ((ClusterCatalogs.Checked.Valid) catalogs.check(
                document.getBytes(StandardCharsets.UTF_8))).compiled();
        catalogs.published(compiled, (ClusterPut.Stored) store.putCluster(document, expected, "test", "test",
                compiled.records()));
    }
}
