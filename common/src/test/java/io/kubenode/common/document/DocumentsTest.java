package io.kubenode.common.document;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.HostSpec;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DocumentsTest {

    @Test
    void equalObjectsGiveEqualBytes() {
        assertThat(Documents.toYaml(ClusterDocuments.example().read()))
                .isEqualTo(Documents.toYaml(ClusterDocuments.example().read()));
        assertThat(Documents.toJson(ClusterDocuments.example().read()))
                .isEqualTo(Documents.toJson(ClusterDocuments.example().read()));
    }

    @Test
    void mapKeysAreWrittenSorted() {
        Map<String, String> sysctl = new LinkedHashMap<>();
        sysctl.put("vm.swappiness", "0");
        sysctl.put("net.ipv4.ip_forward", "1");
        HostSpec host = new HostSpec(null, null, null, null, sysctl, null, null, null, null);

        String yaml = Documents.toYaml(host);

        assertThat(yaml.indexOf("net.ipv4.ip_forward")).isLessThan(yaml.indexOf("vm.swappiness"));
        assertThat(Documents.canonicalJson(host))
                .isEqualTo("{\"sysctl\":{\"net.ipv4.ip_forward\":\"1\",\"vm.swappiness\":\"0\"}}");
    }

    @Test
    void nullsAreLeftOut() {
        HostSpec host = new HostSpec(null, null, "permissive", null, null, null, null, null, null);

        assertThat(Documents.toYaml(host)).isEqualTo("---\nselinux: permissive\n");
        assertThat(Documents.toJson(host)).doesNotContain("null");
    }

    @Test
    void insertionOrderWriterKeepsMapOrder() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("kind", "Cluster");
        document.put("apiVersion", "kubenode.io/v1alpha1");

        assertThat(Documents.toYamlInInsertionOrder(document)).isEqualTo("---\nkind: Cluster\napiVersion: kubenode.io/v1alpha1\n");
        assertThat(Documents.toYaml(document)).isEqualTo("---\napiVersion: kubenode.io/v1alpha1\nkind: Cluster\n");
    }

    @Test
    void numberLikeStringsAreWrittenQuotedSoTheyStayStrings() {
        HostSpec host = new HostSpec(null, null, null, null, Map.of("net.ipv4.ip_forward", "1"), null, null, null, null);

        assertThat(Documents.toYaml(host)).contains("net.ipv4.ip_forward: \"1\"");
    }

    @Test
    void textStartingWithABraceIsReadAsJson() {
        assertThat(Documents.forText(" \n{\"kind\": \"Cluster\"}")).isSameAs(Documents.json());
        assertThat(Documents.forText("kind: Cluster")).isSameAs(Documents.yaml());
    }

    @Test
    void clusterRoundTripsThroughYamlAndJson() {
        Cluster cluster = ClusterDocuments.example().read();

        ReadResult<Cluster> fromYaml = DocumentReader.read(Reads.bytes(Documents.toYaml(cluster)), Cluster.class);
        ReadResult<Cluster> fromJson = DocumentReader.read(Reads.bytes(Documents.toJson(cluster)), Cluster.class);

        assertThat(fromYaml).isEqualTo(new ReadResult.Read<>(cluster));
        assertThat(fromJson).isEqualTo(new ReadResult.Read<>(cluster));
    }
}
