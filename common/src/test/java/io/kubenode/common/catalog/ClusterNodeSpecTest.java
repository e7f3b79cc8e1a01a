package io.kubenode.common.catalog;

import io.kubenode.common.document.Documents;
import io.kubenode.common.validation.Problem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The clusterNode resource as the controller's compiler writes it: id, JSON type and the fields every agent checks. */
class ClusterNodeSpecTest {
    private static final String ADMIN = "/etc/kubernetes/admin.conf";

    @Test
    void itsIdNamesTheNodeAndItRoundTripsAsTypeClusterNode() throws Exception {
        ClusterNodeSpec spec = new ClusterNodeSpec("node2.internal", ADMIN, ClusterNodeSpec.ABSENT);

        String json = Documents.json().writeValueAsString(spec);

        assertThat(spec.id()).isEqualTo("clusterNode:node2.internal");
        assertThat(Documents.json().readTree(json).path("type").asText()).isEqualTo("clusterNode");
        assertThat(Documents.json().readValue(json, ResourceSpec.class)).isEqualTo(spec);
        assertThat(ResourceFields.check(spec)).isEmpty();
    }

    @Test
    void anOptionLikeNodeARelativeKubeconfigOrAnotherEnsureIsRefusedWithItsPath() {
        assertThat(ResourceFields.check(new ClusterNodeSpec("--all", "admin.conf", "present")))
                .extracting(Problem::path).containsExactly("spec.node", "spec.kubeconfig", "spec.ensure");
        assertThat(ResourceFields.check(new ClusterNodeSpec("node2.internal", ADMIN, null))).extracting(Problem::render)
                .containsExactly("spec.ensure: expected 'absent' only (the kubelet registers a node when it joins), "
                        + "got nothing");
    }
}
