package io.kubenode.controller.compiler.kubeadm;

import io.kubenode.common.catalog.CatalogResource;
import io.kubenode.common.catalog.DrainSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.controller.compiler.CatalogCompiler;
import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.orchestration.OrchestrationRecord;
import io.kubenode.controller.rollout.RolloutNode;
import io.kubenode.controller.rollout.RolloutNodeRecord;
import io.kubenode.controller.rollout.RolloutRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A rollout's drains compiled into the draining control plane's catalog, and nowhere else. */
public class RolloutDrainCompileTest {

    @Test
    void theDrainerHoldsADrainOfTheWorkerWithItsAdminKubeconfigAndTheHealthTimeout() throws IOException {
        OrchestrationRecord record = withWorker(RolloutNode.State.DRAINING, "node1.internal");

        NodeCatalog drainer = compile("node1.internal", record);

        CatalogResource drain = resource(drainer, "drain:node4.internal");
        assertThat(drain.spec()).isEqualTo(new DrainSpec("node4.internal", true, "/etc/kubernetes/admin.conf", 300));
        assertThat(drain.dependsOn()).containsExactly("kubeadm:node");
        assertThat(compile("node4.internal", record).spec().resources())
                .noneMatch(resource -> resource.spec() instanceof DrainSpec);
        assertThat(compile("node2.internal", record).spec().resources())
                .noneMatch(resource -> resource.spec() instanceof DrainSpec);
    }

    @Test
    void anUncordoningWorkerIsADrainWithDrainedFalseAndADoneOneIsNone() throws IOException {
        assertThat(resource(compile("node1.internal", withWorker(RolloutNode.State.UNCORDONING, "node1.internal")),
                "drain:node4.internal").spec()).isEqualTo(new DrainSpec("node4.internal", false,
                "/etc/kubernetes/admin.conf", 300));
        assertThat(compile("node1.internal", withWorker(RolloutNode.State.DONE, "node1.internal")).spec().resources())
                .noneMatch(resource -> resource.spec() instanceof DrainSpec);
    }

    @Test
    void aDrainGivenToAWorkerIsRefused() {
        OrchestrationRecord record = withWorker(RolloutNode.State.DRAINING, "node5.internal");

        assertThatThrownBy(() -> compile("node5.internal", record)).isInstanceOf(IllegalStateException.class)
                .hasMessage("a drain of node4.internal is given to node5.internal, which is not a control plane "
                        + "(only control planes hold the admin kubeconfig)");
    }

    public static OrchestrationRecord withWorker(RolloutNode.State state, String drainedBy) {
        Map<String, RolloutNodeRecord> nodes = new LinkedHashMap<>();
        nodes.put("node4.internal", new RolloutNodeRecord(false, true, List.of("service:kubelet"), state,
                state == RolloutNode.State.DRAINING ? 1L : null, OrchestrationFixtures.NOW, "m", drainedBy));
        return OrchestrationFixtures.joiningWorker().withRollout(new RolloutRecord(2, 1, OrchestrationFixtures.NOW,
                null, false, nodes));
    }

    private static NodeCatalog compile(String node, OrchestrationRecord record) throws IOException {
        return new CatalogCompiler().compile(SeedCluster.load(), node, null, OrchestrationFixtures.compile(record));
    }

    private static CatalogResource resource(NodeCatalog catalog, String id) {
        return catalog.spec().resources().stream().filter(resource -> resource.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + id + " in " + catalog.metadata().node()));
    }
}
