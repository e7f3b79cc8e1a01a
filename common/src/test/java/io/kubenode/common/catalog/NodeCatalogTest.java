package io.kubenode.common.catalog;

import io.kubenode.common.document.DocumentReader;
import io.kubenode.common.document.Documents;
import io.kubenode.common.document.ReadResult;
import io.kubenode.common.validation.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.kubenode.common.catalog.Catalogs.resource;
import static io.kubenode.common.catalog.Catalogs.spec;
import static org.assertj.core.api.Assertions.assertThat;

class NodeCatalogTest {
    private static final NodeCatalog CATALOG = NodeCatalog.of("lab", "node1.internal", 7, Catalogs.everyType());

    @Test
    void roundTripsThroughYaml() {
        String yaml = Documents.toYaml(CATALOG);

        assertThat(read(yaml)).isEqualTo(CATALOG);
    }

    @Test
    void roundTripsThroughJson() {
        String json = Documents.toJson(CATALOG);

        assertThat(read(json)).isEqualTo(CATALOG);
    }

    @Test
    void yamlKeepsFileContentByteForByte() {
        String yaml = Documents.toYaml(CATALOG);

        FileSpec haproxy = (FileSpec) read(yaml).spec().resources().stream()
                .filter(resource -> resource.id().equals("file:/etc/haproxy/haproxy.cfg")).findFirst().orElseThrow()
                .spec();
        assertThat(haproxy.content()).isEqualTo(Catalogs.HAPROXY_CFG);
        assertThat(haproxy.validate()).containsExactly("/usr/sbin/haproxy", "-c", "-f", "%s");
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", " leading space\n", "trailing space \n", "no newline at end", "two newlines\n\n",
            "\n\nleading newlines", "  indented first line\nsecond\n", "tab\there\n", "quote \" and ' and \\\n",
            "# comment-like\n", "key: value", "- item", "null", "~", "off", "yes", "0644", "1.10", "0x1F", "---",
            "...", "windows\r\nline ends\r\n", "unicode: ü ☃ 😀\n"})
    void fileContentRoundTripsThroughYamlExactly(String content) {
        NodeCatalog catalog = NodeCatalog.of("lab", "n1", 1,
                spec(resource(FileSpec.rootOwned("/etc/kubenode/x", content, "0644"))));

        assertThat(read(Documents.toYaml(catalog))).isEqualTo(catalog);
    }

    @Test
    void unknownResourceTypeNamesThePath() {
        String yaml = Documents.toYaml(CATALOG).replace("type: hostname", "type: frobnicator");

        ReadResult<NodeCatalog> result = DocumentReader.read(yaml.getBytes(StandardCharsets.UTF_8), NodeCatalog.class);

        assertThat(result).isInstanceOf(ReadResult.Unreadable.class);
        Problem problem = ((ReadResult.Unreadable<NodeCatalog>) result).problems().get(0);
        assertThat(problem.path()).isEqualTo("spec.resources[0].spec");
        assertThat(problem.message()).startsWith("unknown type 'frobnicator'");
    }

    @Test
    void emptyEdgesAreLeftOutOfTheDocument() {
        String yaml = Documents.toYaml(NodeCatalog.of("lab", "n1", 1, spec(resource(PackageSpec.any("curl")))));

        assertThat(yaml).doesNotContain("dependsOn").doesNotContain("notify");
    }

    @Test
    void ofStampsTheContentHash() {
        assertThat(CATALOG.apiVersion()).isEqualTo(NodeCatalog.API_VERSION);
        assertThat(CATALOG.kind()).isEqualTo(NodeCatalog.KIND);
        assertThat(CATALOG.metadata().contentHash()).isEqualTo(CatalogHash.of(CATALOG.spec()));
    }

    @Test
    void withGenerationKeepsContentAndHash() {
        NodeCatalog next = CATALOG.withGeneration(8);

        assertThat(next.metadata().generation()).isEqualTo(8);
        assertThat(next.metadata().contentHash()).isEqualTo(CATALOG.metadata().contentHash());
        assertThat(next.spec()).isEqualTo(CATALOG.spec());
    }

    @Test
    void resourceListsAreCopies() {
        List<String> dependsOn = new ArrayList<>(List.of("package:curl"));
        CatalogResource resource = new CatalogResource("sysctl:a.b", dependsOn, null, new SysctlSpec("a.b", "1"));

        dependsOn.clear();

        assertThat(resource.dependsOn()).containsExactly("package:curl");
        assertThat(resource.notifies()).isEmpty();
    }

    private static NodeCatalog read(String text) {
        ReadResult<NodeCatalog> result = DocumentReader.read(text.getBytes(StandardCharsets.UTF_8), NodeCatalog.class);
        assertThat(result).as("%s", result).isInstanceOf(ReadResult.Read.class);
        return ((ReadResult.Read<NodeCatalog>) result).value();
    }
}
