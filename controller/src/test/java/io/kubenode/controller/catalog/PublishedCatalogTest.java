package io.kubenode.controller.catalog;

import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.document.Documents;
import io.kubenode.controller.compiler.CatalogCompiler;
import io.kubenode.controller.compiler.SeedCluster;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class PublishedCatalogTest {

    @Test
    void theServedBodyIsExactlyTheCanonicalJsonOfTheNumberedCatalog() {
        for (NodeCatalog catalog : new CatalogCompiler().compileAll(SeedCluster.load())) {
            PublishedCatalog published = PublishedCatalog.of(catalog, 42);

            assertThat(published.body().toString(StandardCharsets.UTF_8))
                    .isEqualTo(Documents.canonicalJson(catalog.withGeneration(42)));
            assertThat(published.generation()).isEqualTo(42);
            assertThat(published.node()).isEqualTo(catalog.metadata().node());
        }
    }
}
