package io.kubenode.controller.orchestration;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.controller.api.OrchestrationRecords;
import io.kubenode.controller.compiler.SeedCluster;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which document changes a joined node refuses (table of cases over the seed's five nodes). */
class JoinedNodeChangesTest {
    private final Cluster seed = SeedCluster.load();
    private final Optional<OrchestrationRecord> ready = Optional.of(OrchestrationRecords.ready(Instant.now()));

    @Test
    void removingAJoinedControlPlaneIsRefusedWithItsNameAndPath() {
        assertThat(JoinedNodeChanges.refusals(Optional.of(seed), without("node1.internal", "node2.internal"), ready))
                .containsExactly("spec.nodes: node1.internal: removing a joined control plane is not supported yet "
                        + "(etcd membership); drain and remove it by hand, see README",
                        "spec.nodes: node2.internal: removing a joined control plane is not supported yet "
                                + "(etcd membership); drain and remove it by hand, see README");
    }

    @Test
    void controlPlanesNotJoinedYetAndWorkersMayGo() {
        assertThat(JoinedNodeChanges.refusals(Optional.of(seed), without("node3.internal", "node4.internal",
                "node5.internal"), ready)).isEmpty();
    }

    @Test
    void withoutARecordOrAPreviousDocumentNothingIsRefused() {
        assertThat(JoinedNodeChanges.refusals(Optional.of(seed), without("node1.internal"), Optional.empty()))
                .isEmpty();
        assertThat(JoinedNodeChanges.refusals(Optional.empty(), without("node1.internal"), ready)).isEmpty();
    }

    private Cluster without(String... names) {
        String text = SeedCluster.exampleText();
        for (String name : names) {
            text = text.replaceAll("  - \\{name: " + name.replace(".", "\\.") + "[^\n]*\n", "");
        }
        return SeedCluster.parse(text);
    }
}
