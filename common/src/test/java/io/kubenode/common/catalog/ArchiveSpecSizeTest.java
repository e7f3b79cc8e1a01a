package io.kubenode.common.catalog;

import io.kubenode.common.document.Documents;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The optional declared size of a download is additive: absent, catalogs read and hash exactly as before. */
class ArchiveSpecSizeTest {
    private static final ArchiveSpec WITHOUT = new ArchiveSpec("runc", "1.1.4", "https://example.test/runc",
            "a".repeat(64), ArchiveSpec.FILE, "/usr/local/sbin/runc", "0755", null);

    @Test
    void anArchiveWithoutSizeHasNoSizeFieldAndTheDefaultCeiling() {
        assertThat(Documents.canonicalJson(WITHOUT)).doesNotContain("size");
        assertThat(WITHOUT.maxBytes()).isEqualTo(512L * 1024 * 1024);
    }

    @Test
    void aDeclaredSizeIsReadBackAndIsTheLimit() throws Exception {
        ArchiveSpec declared = new ArchiveSpec("runc", "1.1.4", "https://example.test/runc", "a".repeat(64),
                ArchiveSpec.FILE, "/usr/local/sbin/runc", "0755", null, 10_485_760L);

        String json = Documents.toJson(declared);
        ArchiveSpec read = Documents.json().readValue(json, ArchiveSpec.class);

        assertThat(json).contains("\"size\" : 10485760");
        assertThat(read).isEqualTo(declared);
        assertThat(read.maxBytes()).isEqualTo(10_485_760L);
        assertThat(Documents.json().readValue(Documents.toJson(WITHOUT), ArchiveSpec.class)).isEqualTo(WITHOUT);
    }
}
