package io.kubenode.controller.compiler.kubeadm;

import io.kubenode.common.catalog.CatalogResource;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.catalog.SecretRedaction;
import io.kubenode.common.document.Documents;
import io.kubenode.controller.clusterpki.ClusterPki;
import io.kubenode.controller.compiler.CatalogCompiler;
import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.orchestration.OrchestrationRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed cluster's catalogs with orchestration steps released, byte for byte, compiled with fixed fake secrets:
 * the golden files show exactly what the agent receives (secret content included, which is why the fixtures are
 * fake). What a person sees of the same catalog ({@link SecretRedaction}) is checked to hold none of those
 * secrets. Regenerate with {@code -Dgolden.update=true} and review the diff.
 */
class OrchestratedGoldenCatalogTest {
    private static final Path GOLDEN = Path.of(System.getProperty("project.basedir", "controller"))
            .resolve("src/test/resources/golden/orchestrated");

    @ParameterizedTest
    @CsvSource({
            "init-initializing, node1.internal, initializing",
            "control-plane-joining, node2.internal, joiningControlPlane",
            "worker-joining, node4.internal, joiningWorker",
            "token-holder, node1.internal, joiningControlPlane"})
    void catalogMatchesGoldenFile(String name, String node, String moment) throws IOException {
        NodeCatalog catalog = new CatalogCompiler().compile(SeedCluster.load(), node, null,
                OrchestrationFixtures.compile(record(moment)));
        String actual = Documents.toYaml(catalog);
        Path golden = GOLDEN.resolve(name + ".yaml");
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, actual);
        }
        assertThat(golden).as("golden file; create it with -Dgolden.update=true").exists();
        assertThat(actual).isEqualTo(Files.readString(golden));

        String shown = Documents.toYaml(SecretRedaction.of(catalog));
        assertThat(secretsIn(catalog)).as("the secrets of this catalog").isNotEmpty()
                .allSatisfy(secret -> assertThat(shown).doesNotContain(secret));
        assertThat(shown).contains("(secret, ");
    }

    private static OrchestrationRecord record(String moment) {
        Supplier<OrchestrationRecord> supplier = switch (moment) {
            case "initializing" -> OrchestrationFixtures::initializing;
            case "joiningControlPlane" -> OrchestrationFixtures::joiningControlPlane;
            case "joiningWorker" -> OrchestrationFixtures::joiningWorker;
            default -> throw new IllegalArgumentException(moment);
        };
        return supplier.get();
    }

    /** Every fixture secret that this catalog's content holds: the tokens and the private key bodies. */
    private static List<String> secretsIn(NodeCatalog catalog) {
        List<String> candidates = new ArrayList<>(List.of(OrchestrationFixtures.INIT_TOKEN,
                OrchestrationFixtures.REFRESHED_TOKEN));
        ClusterPki pki = OrchestrationFixtures.fakePki();
        ClusterPki.PRIVATE_KEY_PATHS.forEach(path -> candidates.add(new String(pki.file(path),
                StandardCharsets.US_ASCII).lines().toList().get(1)));
        String all = catalog.spec().resources().stream().map(CatalogResource::spec)
                .filter(FileSpec.class::isInstance).map(spec -> ((FileSpec) spec).content()).reduce("", String::concat);
        return candidates.stream().filter(all::contains).toList();
    }
}
