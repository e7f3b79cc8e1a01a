package io.kubenode.controller.catalog;

import io.kubenode.controller.bench.FleetDocument;
import io.kubenode.controller.compiler.CatalogCompiler;
import io.kubenode.controller.store.ClusterPut;
import io.kubenode.controller.store.SqliteStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Publishing revisions to the watches: what is served, what is withdrawn, what wakes a watch. */
class ClusterCatalogsTest {
    @TempDir
    Path dir;

    private SqliteStore store;
    private ClusterCatalogs catalogs;
    private long version;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir);
        catalogs = new ClusterCatalogs(new CatalogCompiler(), new CatalogWatches());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private CompiledCluster compile(String document) {
        return ((ClusterCatalogs.Checked.Valid) catalogs.check(document.getBytes(StandardCharsets.UTF_8)))
                .compiled();
    }

    private ClusterPut.Stored store(String document, CompiledCluster compiled) {
        ClusterPut.Stored stored = (ClusterPut.Stored) store.putCluster(document, version, "test", "test",
                compiled.records());
        version = stored.revision().resourceVersion();
        return stored;
    }

    private void apply(String document) {
        CompiledCluster compiled = compile(document);
        catalogs.published(compiled, store(document, compiled));
    }

    /** An unchanged catalog is served from the newest compile, so the older compiles' byte slabs can go. */
    @Test
    void theSameContentCompiledAgainIsServedFromTheNewCompileWithoutWakingWatches() {
        String document = FleetDocument.of(30, 1);
        apply(document);
        PublishedCatalog before = catalogs.watches().current("node7.internal").orElseThrow();
        AtomicInteger woken = new AtomicInteger();
        catalogs.watches().await("node7.internal", before.generation(), catalog -> woken.incrementAndGet());

        apply(document);

        PublishedCatalog after = catalogs.watches().current("node7.internal").orElseThrow();
        assertThat(after.generation()).isEqualTo(before.generation());
        assertThat(after.body()).isNotSameAs(before.body());
        assertThat(after.body().toString(StandardCharsets.UTF_8)).isEqualTo(before.body().toString(
                StandardCharsets.UTF_8));
        assertThat(woken).hasValue(0);
    }

    @Test
    void aNodeRemovedFromTheDocumentIsNoLongerServed() {
        apply(FleetDocument.of(10, 1));
        assertThat(catalogs.watches().current("node10.internal")).isPresent();

        apply(FleetDocument.of(9, 1));

        assertThat(catalogs.watches().current("node10.internal")).isEmpty();
        assertThat(catalogs.watches().current("node9.internal")).isPresent();
    }

    /** Two PUTs whose publishing overtakes: the newer revision's catalogs and node list stay. */
    @Test
    void anOlderRevisionPublishedAfterANewerOneChangesNothing() {
        String older = FleetDocument.of(10, 1);
        String newer = FleetDocument.of(9, 2);
        CompiledCluster olderCompiled = compile(older);
        CompiledCluster newerCompiled = compile(newer);
        ClusterPut.Stored olderStored = store(older, olderCompiled);
        ClusterPut.Stored newerStored = store(newer, newerCompiled);

        catalogs.published(newerCompiled, newerStored);
        PublishedCatalog served = catalogs.watches().current("node1.internal").orElseThrow();
        catalogs.published(olderCompiled, olderStored);

        assertThat(catalogs.watches().current("node1.internal")).containsSame(served);
        assertThat(catalogs.watches().current("node10.internal")).isEmpty();
        assertThat(catalogs.current().orElseThrow().spec().nodes()).hasSize(9);
    }
}
