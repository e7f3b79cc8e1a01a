package io.kubenode.common.catalog;

import io.kubenode.common.cluster.OsFamily;
import io.kubenode.common.document.Documents;
import io.kubenode.common.validation.Problem;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code secret: true} on a file is additive (absent or false, a catalog reads and hashes exactly as before), keeps
 * the file at 0600 or stricter, and is shown only as {@code (secret, N bytes, sha256:…)} once redacted.
 */
class FileSpecSecretTest {
    private static final String KEY = "-----BEGIN PRIVATE KEY-----\nplanted-secret-4b1d\n-----END PRIVATE KEY-----\n";

    @Test
    void aFileThatIsNotSecretHasNoSecretFieldAndFalseIsTheSameAsAbsent() throws Exception {
        FileSpec plain = FileSpec.rootOwned("/etc/hosts", "127.0.0.1 localhost\n", "0644");
        FileSpec explicitFalse = new FileSpec("/etc/hosts", "127.0.0.1 localhost\n", "0644", "root", "root",
                List.of(), false);

        assertThat(Documents.canonicalJson(plain)).doesNotContain("secret");
        assertThat(explicitFalse).isEqualTo(plain);
        assertThat(Documents.canonicalJson(explicitFalse)).isEqualTo(Documents.canonicalJson(plain));
        assertThat(CatalogHash.of(spec(explicitFalse))).isEqualTo(CatalogHash.of(spec(plain)));
        assertThat(plain.effectiveMode()).isEqualTo("0644");
    }

    @Test
    void aSecretIsReadBackAndChangesTheHash() throws Exception {
        FileSpec secret = FileSpec.rootOwnedSecret("/etc/kubernetes/pki/ca.key", KEY, null);

        String json = Documents.toJson(secret);
        FileSpec read = Documents.json().readValue(json, FileSpec.class);

        assertThat(json).contains("\"secret\" : true").doesNotContain("effectiveMode").doesNotContain("redacted");
        assertThat(read).isEqualTo(secret);
        assertThat(read.isSecret()).isTrue();
        assertThat(CatalogHash.of(spec(secret))).isNotEqualTo(CatalogHash.of(spec(
                FileSpec.rootOwned("/etc/kubernetes/pki/ca.key", KEY, null))));
    }

    @Test
    void aSecretWithoutModeIs0600AndAStricterModeIsKept() {
        assertThat(FileSpec.rootOwnedSecret("/k", KEY, null).effectiveMode()).isEqualTo("0600");
        assertThat(FileSpec.rootOwnedSecret("/k", KEY, "0400").effectiveMode()).isEqualTo("0400");
    }

    @Test
    void aSecretModeWiderThan0600IsRefusedWithTheFieldPath() {
        for (String wide : List.of("0644", "0640", "0604", "0700", "0660", "666")) {
            assertThat(ResourceFields.check(FileSpec.rootOwnedSecret("/etc/kubernetes/pki/ca.key", KEY, wide)))
                    .as(wide).extracting(Problem::render).containsExactly("spec.mode: expected 0600 or stricter "
                            + "(0400) for a secret file, got '" + wide + "'");
        }
        for (String strict : List.of("0600", "600", "0400", "0200", "0000")) {
            assertThat(ResourceFields.check(FileSpec.rootOwnedSecret("/etc/kubernetes/pki/ca.key", KEY, strict)))
                    .as(strict).isEmpty();
        }
        assertThat(ResourceFields.check(FileSpec.rootOwned("/etc/hosts", "x", "0644"))).isEmpty();
    }

    @Test
    void redactionShowsSizeAndHashButKeepsTheRealContentHash() {
        FileSpec secret = FileSpec.rootOwnedSecret("/etc/kubernetes/pki/ca.key", KEY, null);
        FileSpec plain = FileSpec.rootOwned("/etc/hosts", "127.0.0.1 localhost\n", "0644");
        NodeCatalog catalog = NodeCatalog.of("c", "n", 1, spec(secret, plain));

        NodeCatalog shown = SecretRedaction.of(catalog);

        String expected = "(secret, " + KEY.getBytes(StandardCharsets.UTF_8).length + " bytes, sha256:"
                + CatalogHash.sha256Hex(KEY.getBytes(StandardCharsets.UTF_8)) + ")";
        assertThat(Documents.toYaml(shown)).doesNotContain("planted-secret-4b1d").contains(expected)
                .contains("127.0.0.1 localhost");
        assertThat(shown.metadata()).isEqualTo(catalog.metadata());
        assertThat(catalog.metadata().contentHash()).isEqualTo(CatalogHash.of(catalog.spec()));
        assertThat(SecretRedaction.of(NodeCatalog.of("c", "n", 1, spec(plain)))).as("nothing to redact")
                .isEqualTo(NodeCatalog.of("c", "n", 1, spec(plain)));
    }

    private static NodeCatalog.Spec spec(FileSpec... files) {
        return new NodeCatalog.Spec("worker", OsFamily.RHEL, java.util.Arrays.stream(files)
                .map(file -> new CatalogResource(file.id(), List.of(), List.of(), file)).toList());
    }
}
