package io.kubenode.controller.catalog;

import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.document.Documents;
import io.kubenode.controller.bench.FleetDocument;
import io.kubenode.controller.compiler.CatalogCompiler;
import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.compiler.SerializedCatalog;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PublishedCatalogTest {

    @Test
    void theServedBodyIsExactlyTheCanonicalJsonOfTheNumberedCatalog() {
        assertServedAsCanonicalJson(SeedCluster.load());
    }

    /** Sixty nodes: the hosts block is large enough to be escaped once for the whole batch and shared. */
    @Test
    void aFleetsBodiesAreTheCanonicalJsonToo() {
        assertServedAsCanonicalJson(SeedCluster.parse(FleetDocument.of(60, 1)));
    }

    private static void assertServedAsCanonicalJson(Cluster cluster) {
        CatalogCompiler compiler = new CatalogCompiler();
        List<NodeCatalog> plain = compiler.compileAll(cluster);
        List<SerializedCatalog> serialized = compiler.compileAllSerialized(cluster);
        assertThat(serialized).extracting(SerializedCatalog::catalog).as("the same catalogs, the same hashes")
                .isEqualTo(plain);
        for (SerializedCatalog each : serialized) {
            NodeCatalog catalog = each.catalog();
            PublishedCatalog published = PublishedCatalog.of(each, 42);

            assertThat(published.body().toString(StandardCharsets.UTF_8))
                    .isEqualTo(Documents.canonicalJson(catalog.withGeneration(42)));
            assertThat(published.generation()).isEqualTo(42);
            assertThat(published.node()).isEqualTo(catalog.metadata().node());
        }
    }
}
