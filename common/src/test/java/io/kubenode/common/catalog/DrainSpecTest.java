package io.kubenode.common.catalog;

import io.kubenode.common.document.Documents;
import io.kubenode.common.validation.Problem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The drain resource as the lead's compiler writes it: id, JSON type and the fields every agent checks. */
class DrainSpecTest {
    private static final String ADMIN = "/etc/kubernetes/admin.conf";

    @Test
    void itsIdNamesTheNodeAndItRoundTripsAsTypeDrain() throws Exception {
        DrainSpec spec = new DrainSpec("node4.internal", true, ADMIN, 300);

        String json = Documents.json().writeValueAsString(spec);
        ResourceSpec read = Documents.json().readValue(json, ResourceSpec.class);

        assertThat(spec.id()).isEqualTo("drain:node4.internal").isEqualTo(ResourceSpec.id(DrainSpec.TYPE, "node4.internal"));
        assertThat(Documents.json().readTree(json).path("type").asText()).isEqualTo("drain");
        assertThat(read).isEqualTo(spec);
    }

    @Test
    void aCompiledDrainAndUncordonPass() {
        assertThat(ResourceFields.check(new DrainSpec("node4.internal", true, ADMIN, 300))).isEmpty();
        assertThat(ResourceFields.check(new DrainSpec("node4.internal", false, ADMIN, 30))).isEmpty();
        assertThat(ResourceFields.check(new DrainSpec("worker-1", true, ADMIN, 3600))).isEmpty();
    }

    @Test
    void anOptionLikeOrUpperCaseNodeNameIsRefused() {
        for (String node : new String[] {"--all-namespaces", "-f", "Node4", "node4.internal;x", "", "node 4"}) {
            assertThat(ResourceFields.check(new DrainSpec(node, true, ADMIN, 300))).as(node)
                    .extracting(Problem::path).containsExactly("spec.node");
        }
        assertThat(ResourceFields.check(new DrainSpec(null, true, ADMIN, 300))).extracting(Problem::render)
                .singleElement().asString().startsWith("spec.node: expected a Kubernetes node name").endsWith("got nothing");
    }

    @Test
    void aTimeoutOutside30To3600SecondsIsRefused() {
        for (int seconds : new int[] {0, 29, 3601, -1}) {
            assertThat(ResourceFields.check(new DrainSpec("node4.internal", true, ADMIN, seconds)))
                    .extracting(Problem::render).containsExactly("spec.timeoutSeconds: expected 30 to 3600 seconds, "
                            + "got '" + seconds + "'");
        }
    }

    @Test
    void aRelativeOrShellLikeKubeconfigIsRefused() {
        for (String kubeconfig : new String[] {"admin.conf", "/etc/kubernetes/../admin.conf", "/etc/admin.conf;rm",
                null}) {
            assertThat(ResourceFields.check(new DrainSpec("node4.internal", false, kubeconfig, 60))).as(kubeconfig)
                    .extracting(Problem::path).containsExactly("spec.kubeconfig");
        }
    }
}
