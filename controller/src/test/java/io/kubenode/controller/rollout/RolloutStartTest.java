package io.kubenode.controller.rollout;

import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.cluster.Cluster;
import io.kubenode.controller.compiler.CatalogCompiler;
import io.kubenode.controller.compiler.SeedCluster;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Which nodes a new revision holds back, on which revision, from the catalogs the seed compiles to. */
class RolloutStartTest {
    private static final String NOW = "2026-12-04T12:00:00Z";
    private static final List<String> NODES = List.of("node1.internal", "node2.internal", "node3.internal",
            "node4.internal", "node5.internal");
    private static final String BEFORE = SeedCluster.exampleText();
    private static final String HAPROXY_CHANGE = BEFORE.replace("haproxy: {apiServerPort: 6443}",
            "haproxy: {apiServerPort: 6444}");

    @Test
    void aHaproxyChangeHoldsTheControlPlanesOnTheRevisionTheyHoldAndGivesWorkersTheRevisionAtOnce() {
        RolloutRecord rollout = start(HAPROXY_CHANGE, null, Set.copyOf(NODES), false);

        assertThat(rollout.revision()).isEqualTo(5);
        assertThat(rollout.fromRevision()).isEqualTo(4);
        for (String controlPlane : NODES.subList(0, 3)) {
            RolloutNodeRecord node = rollout.node(controlPlane);
            assertThat(node.state()).isEqualTo(RolloutNode.State.PENDING);
            assertThat(node.heldRevision()).isEqualTo(4L);
            assertThat(node.controlPlane()).isTrue();
            assertThat(node.restarts()).containsExactly("service:haproxy");
            assertThat(node.message()).isEqualTo("held on revision 4: revision 5 restarts service:haproxy");
            assertThat(rollout.documentRevisionOf(controlPlane)).isEqualTo(4);
        }
        for (String worker : NODES.subList(3, 5)) {
            RolloutNodeRecord node = rollout.node(worker);
            assertThat(node.state()).isEqualTo(RolloutNode.State.DONE);
            assertThat(node.disruptive()).isFalse();
            assertThat(node.heldRevision()).isNull();
            assertThat(rollout.documentRevisionOf(worker)).isEqualTo(5);
        }
        assertThat(RolloutStart.describe(rollout)).isEqualTo("; rolls out node by node to node1.internal, "
                + "node2.internal, node3.internal");
    }

    @Test
    void aNodeWhoseAgentNeverReportedIsNotHeldNothingRunsThereToInterrupt() {
        RolloutRecord rollout = start(HAPROXY_CHANGE, null, Set.of("node1.internal", "node3.internal"), false);

        assertThat(rollout.node("node1.internal").state()).isEqualTo(RolloutNode.State.PENDING);
        assertThat(rollout.node("node2.internal").state()).isEqualTo(RolloutNode.State.DONE);
        assertThat(rollout.node("node3.internal").state()).isEqualTo(RolloutNode.State.PENDING);
    }

    @Test
    void allAtOnceHoldsNobodyButStillSaysWhatItRestarts() {
        RolloutRecord rollout = start(HAPROXY_CHANGE, null, Set.copyOf(NODES), true);

        assertThat(rollout.allAtOnce()).isTrue();
        assertThat(rollout.nodes().values()).allMatch(node -> node.state() == RolloutNode.State.DONE
                && node.heldRevision() == null && !node.disruptive());
        assertThat(rollout.node("node1.internal").message()).isEqualTo("took revision 5 at once (all at once): "
                + "restarts service:haproxy");
        assertThat(RolloutStart.describe(rollout)).isEqualTo("; all at once (no rollout)");
    }

    @Test
    void aRevisionThatRestartsNothingHoldsNobody() {
        String morePackages = BEFORE.replace("packages: [curl, wget, gnupg, sudo, iptables]",
                "packages: [curl, wget, gnupg, sudo, iptables, jq]");

        RolloutRecord rollout = start(morePackages, null, Set.copyOf(NODES), false);

        assertThat(rollout.nodes().values()).allMatch(node -> node.state() == RolloutNode.State.DONE);
        assertThat(rollout.node("node4.internal").message()).isEqualTo("took revision 5 at once: it restarts "
                + "nothing there");
        assertThat(RolloutStart.describe(rollout)).isEqualTo("; restarts nothing: every node at once");
    }

    @Test
    void aNodeStillHeldByTheRolloutBeforeStaysOnTheRevisionItHolds() {
        Map<String, RolloutNodeRecord> before = new LinkedHashMap<>();
        before.put("node3.internal", new RolloutNodeRecord(true, true, List.of("service:haproxy"),
                RolloutNode.State.PENDING, 2L, NOW, "held"));
        RolloutRecord previous = new RolloutRecord(4, 3, NOW, null, false, before);

        RolloutRecord rollout = start(HAPROXY_CHANGE, previous, Set.copyOf(NODES), false);

        assertThat(rollout.node("node3.internal").heldRevision()).isEqualTo(2L);
        assertThat(rollout.node("node1.internal").heldRevision()).isEqualTo(4L);
    }

    @Test
    void aWorkerAnEarlierRolloutDrainedIsUncordonedWhenTheRevisionDoesNotHoldItAndKeepsItsDrainerWhenItDoes() {
        Map<String, RolloutNodeRecord> before = new LinkedHashMap<>();
        before.put("node4.internal", new RolloutNodeRecord(false, true, List.of("service:kubelet"),
                RolloutNode.State.DRAINING, 4L, NOW, "draining", "node1.internal"));
        before.put("node1.internal", new RolloutNodeRecord(true, true, List.of("service:haproxy"),
                RolloutNode.State.DONE, null, NOW, "done", "node2.internal"));
        RolloutRecord previous = new RolloutRecord(4, 3, NOW, null, false, before);

        RolloutRecord rollout = start(HAPROXY_CHANGE, previous, Set.copyOf(NODES), false);

        RolloutNodeRecord node4 = rollout.node("node4.internal");
        assertThat(node4.state()).isEqualTo(RolloutNode.State.UNCORDONING);
        assertThat(node4.drainedBy()).isEqualTo("node1.internal");
        assertThat(node4.message()).isEqualTo("took revision 5 at once; being uncordoned by node1.internal's agent "
                + "(an earlier rollout drained it)");
        assertThat(rollout.node("node1.internal").state()).as("held: its drainer stays named")
                .isEqualTo(RolloutNode.State.PENDING);
        assertThat(rollout.node("node1.internal").drainedBy()).isEqualTo("node2.internal");
        assertThat(RolloutRecord.drainsBy(rollout, "node1.internal"))
                .containsExactly(new RolloutRecord.Drain("node4.internal", false));
    }

    @Test
    void aNodeWithoutACatalogYetIsNotHeld() {
        Cluster cluster = SeedCluster.parse(HAPROXY_CHANGE);
        Map<String, NodeCatalog.Spec> published = compileAll(BEFORE);
        published.remove("node2.internal");

        RolloutRecord rollout = RolloutStart.of(cluster, 5, 4, compileAll(HAPROXY_CHANGE), published, null,
                node -> true, false, NOW);

        assertThat(rollout.node("node2.internal").state()).isEqualTo(RolloutNode.State.DONE);
        assertThat(rollout.node("node1.internal").state()).isEqualTo(RolloutNode.State.PENDING);
    }

    @Test
    void theNodesWhoseHoldChangesAreThoseReleasedOrHeldOnAnotherRevision() {
        RolloutRecord held = start(HAPROXY_CHANGE, null, Set.copyOf(NODES), false);
        Map<String, RolloutNodeRecord> released = new LinkedHashMap<>(held.nodes());
        released.put("node1.internal", held.node("node1.internal").with(RolloutNode.State.RELEASED, null, NOW, "r"));

        assertThat(RolloutRecord.nodesWhoseHoldDiffers(held, held.withNodes(released)))
                .containsExactly("node1.internal");
        assertThat(RolloutRecord.nodesWhoseHoldDiffers(null, held))
                .containsExactly("node1.internal", "node2.internal", "node3.internal");
        assertThat(RolloutRecord.nodesWhoseHoldDiffers(held, held)).isEmpty();
    }

    private static RolloutRecord start(String after, RolloutRecord previous, Set<String> reported,
                                       boolean allAtOnce) {
        return RolloutStart.of(SeedCluster.parse(after), 5, 4, compileAll(after), compileAll(BEFORE), previous,
                reported::contains, allAtOnce, NOW);
    }

    private static Map<String, NodeCatalog.Spec> compileAll(String document) {
        Map<String, NodeCatalog.Spec> specs = new HashMap<>();
        new CatalogCompiler().compileAll(SeedCluster.parse(document))
                .forEach(catalog -> specs.put(catalog.metadata().node(), catalog.spec()));
        return specs;
    }
}
