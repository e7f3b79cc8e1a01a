package io.kubenode.common.catalog;

import io.kubenode.common.document.DocumentReader;
import io.kubenode.common.document.Documents;
import io.kubenode.common.document.ReadResult;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.kubenode.common.catalog.Catalogs.resource;
import static io.kubenode.common.catalog.Catalogs.spec;
import static org.assertj.core.api.Assertions.assertThat;

class CatalogHashTest {

    @Test
    void isSha256OfTheCanonicalJson() {
        NodeCatalog.Spec spec = Catalogs.everyType();

        assertThat(CatalogHash.of(spec)).matches("sha256:[0-9a-f]{64}")
                .isEqualTo("sha256:" + CatalogHash.sha256Hex(Documents.canonicalJson(spec)
                        .getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void sha256HexMatchesTheKnownVector() {
        assertThat(CatalogHash.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void equalSpecsBuiltSeparatelyHashEqual() {
        assertThat(CatalogHash.of(Catalogs.everyType())).isEqualTo(CatalogHash.of(Catalogs.everyType()));
    }

    @Test
    void hashSurvivesAYamlRoundTrip() {
        NodeCatalog catalog = NodeCatalog.of("lab", "node1.internal", 1, Catalogs.everyType());
        ReadResult<NodeCatalog> read = DocumentReader.read(
                Documents.toYaml(catalog).getBytes(StandardCharsets.UTF_8), NodeCatalog.class);

        assertThat(CatalogHash.of(((ReadResult.Read<NodeCatalog>) read).value().spec()))
                .isEqualTo(catalog.metadata().contentHash());
    }

    @Test
    void changedValueChangesTheHash() {
        NodeCatalog.Spec on = spec(resource(new SysctlSpec("net.ipv4.ip_forward", "1")));
        NodeCatalog.Spec off = spec(resource(new SysctlSpec("net.ipv4.ip_forward", "0")));

        assertThat(CatalogHash.of(on)).isNotEqualTo(CatalogHash.of(off));
    }

    @Test
    void changedFileContentChangesTheHash() {
        NodeCatalog.Spec before = spec(resource(FileSpec.rootOwned("/etc/x", "a\n", "0644")));
        NodeCatalog.Spec after = spec(resource(FileSpec.rootOwned("/etc/x", "a\n\n", "0644")));

        assertThat(CatalogHash.of(before)).isNotEqualTo(CatalogHash.of(after));
    }

    @Test
    void addedEdgeChangesTheHash() {
        SysctlSpec sysctl = new SysctlSpec("net.ipv4.ip_forward", "1");
        NodeCatalog.Spec plain = spec(resource(new KernelModuleSpec("br_netfilter")), resource(sysctl));
        NodeCatalog.Spec wired = spec(resource(new KernelModuleSpec("br_netfilter")),
                resource(sysctl, List.of("kernelModule:br_netfilter"), List.of()));

        assertThat(CatalogHash.of(plain)).isNotEqualTo(CatalogHash.of(wired));
    }

    @Test
    void reorderedResourcesChangeTheHash() {
        List<CatalogResource> reversed = new ArrayList<>(Catalogs.everyType().resources());
        Collections.reverse(reversed);

        assertThat(CatalogHash.of(new NodeCatalog.Spec("control-plane", Catalogs.everyType().osFamily(), reversed)))
                .isNotEqualTo(CatalogHash.of(Catalogs.everyType()));
    }

    @Test
    void changedRoleChangesTheHash() {
        NodeCatalog.Spec spec = Catalogs.everyType();

        assertThat(CatalogHash.of(new NodeCatalog.Spec("worker", spec.osFamily(), spec.resources())))
                .isNotEqualTo(CatalogHash.of(spec));
    }
}
