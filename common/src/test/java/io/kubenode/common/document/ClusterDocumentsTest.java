package io.kubenode.common.document;

import io.kubenode.common.cluster.Cluster;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The helper the rule tests stand on: an unchanged tree must read exactly like the file. */
class ClusterDocumentsTest {

    @Test
    void unchangedExampleReadsLikeTheFile() {
        ReadResult<Cluster> fromFile = DocumentReader.read(
                ClusterDocuments.exampleText().getBytes(StandardCharsets.UTF_8), Cluster.class);

        assertThat(fromFile).isInstanceOf(ReadResult.Read.class);
        assertThat(ClusterDocuments.example().read()).isEqualTo(((ReadResult.Read<Cluster>) fromFile).value());
    }

    @Test
    void setReplacesTheValueAtAnIndexedPath() {
        Cluster cluster = ClusterDocuments.example().set("spec.nodes[1].address", "192.168.0.99").read();

        assertThat(cluster.spec().nodes().get(1).address()).isEqualTo("192.168.0.99");
        assertThat(cluster.spec().nodes().get(0).address()).isEqualTo("192.168.0.61");
    }

    @Test
    void quotedMapKeyWithDotsIsOneStep() {
        Cluster cluster = ClusterDocuments.example().set("spec.host.sysctl['net.ipv4.ip_forward']", "0").read();

        assertThat(cluster.spec().host().sysctl()).containsEntry("net.ipv4.ip_forward", "0").hasSize(3);
    }

    @Test
    void setCreatesMissingMappingsOnTheWay() {
        Cluster cluster = ClusterDocuments.example()
                .set("spec.kubernetes.packageRepository.apt.gpgKeySha256", "ab").read();

        assertThat(cluster.spec().kubernetes().packageRepository().apt().gpgKeySha256()).isEqualTo("ab");
    }

    @Test
    void setOneAfterTheLastIndexAppends() {
        Cluster cluster = ClusterDocuments.example()
                .set("spec.nodes[5]", Map.of("name", "node6.internal", "address", "192.168.0.67", "role", "worker"))
                .append("spec.host.packages", "jq")
                .read();

        assertThat(cluster.spec().nodes()).hasSize(6);
        assertThat(cluster.spec().nodes().get(5).name()).isEqualTo("node6.internal");
        assertThat(cluster.spec().host().packages()).endsWith("jq");
    }

    @Test
    void removeDropsAFieldOrAListEntry() {
        Cluster cluster = ClusterDocuments.example()
                .remove("spec.loadBalancer.keepalived.authPass")
                .remove("spec.nodes[0]")
                .read();

        assertThat(cluster.spec().loadBalancer().keepalived().authPass()).isNull();
        assertThat(cluster.spec().nodes()).extracting(node -> node.name())
                .containsExactly("node2.internal", "node3.internal", "node4.internal", "node5.internal");
    }

    @Test
    void pathsOutsideTheDocumentAreRefused() {
        assertThatThrownBy(() -> ClusterDocuments.example().set("spec.nodes[9].name", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClusterDocuments.example().remove("spec.nodes[0].init"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stepsSplitNamesIndexesAndQuotedKeys() {
        assertThat(ClusterDocuments.steps("spec.nodes[1].sysctl['net.ipv4.ip_forward']"))
                .isEqualTo(List.of("spec", "nodes", 1, "sysctl", "net.ipv4.ip_forward"));
    }
}
