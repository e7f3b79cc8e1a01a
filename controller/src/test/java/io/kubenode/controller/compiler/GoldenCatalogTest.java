package io.kubenode.controller.compiler;

import io.kubenode.common.document.Documents;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compiled catalogs of the seed cluster's init control plane, joining control plane and worker, byte for byte.
 * Regenerate after an intended change with {@code mvn -pl controller test -Dgolden.update=true} and review the diff.
 */
class GoldenCatalogTest {
    private static final Path GOLDEN = Path.of(System.getProperty("project.basedir", "controller"))
            .resolve("src/test/resources/golden");

    @ParameterizedTest
    @ValueSource(strings = {"node1.internal", "node2.internal", "node4.internal"})
    void catalogMatchesGoldenFile(String node) throws IOException {
        String actual = Documents.toYaml(new CatalogCompiler().compile(SeedCluster.load(), node));
        Path golden = GOLDEN.resolve(node + ".yaml");
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, actual);
        }
        assertThat(golden).as("golden file; create it with -Dgolden.update=true").exists();
        assertThat(actual).isEqualTo(Files.readString(golden));
    }
}
