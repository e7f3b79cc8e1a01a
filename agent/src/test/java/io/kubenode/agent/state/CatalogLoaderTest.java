package io.kubenode.agent.state;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.common.catalog.CatalogResource;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.catalog.SysctlSpec;
import io.kubenode.common.document.Documents;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogLoaderTest {
    private final NodeCatalog catalog = EngineHarness.catalogOf(new SysctlSpec("net.ipv4.ip_forward", "1"),
            FileSpec.rootOwned("/etc/x.conf", "x\n", "0644"));

    @Test
    void aWellFormedCatalogLoads() {
        CatalogLoader.Loaded loaded = CatalogLoader.load(bytes(Documents.toJson(catalog)));

        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.catalog()).isEqualTo(catalog);
    }

    @Test
    void aTruncatedCatalogIsRefused() {
        String json = Documents.toJson(catalog);

        CatalogLoader.Loaded loaded = CatalogLoader.load(bytes(json.substring(0, json.length() / 2)));

        assertThat(loaded.ok()).isFalse();
        assertThat(loaded.problems().get(0).render()).contains("syntax error");
    }

    @Test
    void anUnknownResourceTypeIsRefusedWithItsPath() {
        String json = Documents.toJson(catalog).replace("\"type\" : \"sysctl\"", "\"type\" : \"teleport\"");

        CatalogLoader.Loaded loaded = CatalogLoader.load(bytes(json));

        assertThat(loaded.ok()).isFalse();
        assertThat(loaded.problems().get(0).render()).contains("spec.resources[0].spec", "unknown type 'teleport'");
    }

    @Test
    void aContentHashThatDoesNotMatchRefusesTheWholeCatalog() {
        String json = Documents.toJson(catalog).replace("\"value\" : \"1\"", "\"value\" : \"0\"");

        CatalogLoader.Loaded loaded = CatalogLoader.load(bytes(json));

        assertThat(loaded.ok()).isFalse();
        assertThat(loaded.problems()).anySatisfy(problem -> assertThat(problem.render())
                .startsWith("metadata.contentHash: does not match the content"));
    }

    @Test
    void danglingEdgesAreRefused() {
        SysctlSpec spec = new SysctlSpec("a", "1");
        NodeCatalog dangling = EngineHarness.catalog(List.of(new CatalogResource(spec.id(), List.of("sysctl:nope"),
                List.of(), spec)));

        CatalogLoader.Loaded loaded = CatalogLoader.load(bytes(Documents.toJson(dangling)));

        assertThat(loaded.ok()).isFalse();
        assertThat(loaded.problems().get(0).render()).contains("spec.resources[0].dependsOn: no resource sysctl:nope");
    }

    @Test
    void aFiftyMebibyteCatalogIsRefusedBeforeParsing() {
        byte[] huge = new byte[50 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) ' ');

        CatalogLoader.Loaded loaded = CatalogLoader.load(huge);

        assertThat(loaded.ok()).isFalse();
        assertThat(loaded.problems().get(0).render()).contains("the limit is 8 MiB");
    }

    @Test
    void aClusterDocumentIsNotACatalog() {
        CatalogLoader.Loaded loaded = CatalogLoader.load(bytes("apiVersion: kubenode.io/v1alpha1\nkind: Cluster\n"));

        assertThat(loaded.ok()).isFalse();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
