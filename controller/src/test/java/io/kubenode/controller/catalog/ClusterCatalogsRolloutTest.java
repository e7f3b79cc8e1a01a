package io.kubenode.controller.catalog;

import io.kubenode.controller.compiler.CatalogCompiler;
import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.orchestration.ClusterPhase;
import io.kubenode.controller.orchestration.Departure;
import io.kubenode.controller.orchestration.DepartureStep;
import io.kubenode.controller.orchestration.KubeadmStep;
import io.kubenode.controller.orchestration.NodePhase;
import io.kubenode.controller.orchestration.NodeRecord;
import io.kubenode.controller.orchestration.Released;
import io.kubenode.controller.orchestration.OrchestrationEvent;
import io.kubenode.controller.orchestration.OrchestrationRecord;
import io.kubenode.controller.rollout.RolloutNode;
import io.kubenode.controller.rollout.RolloutNodeRecord;
import io.kubenode.controller.rollout.RolloutRecord;
import io.kubenode.controller.store.ClusterPut;
import io.kubenode.controller.store.SqliteStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A revision that restarts haproxy on the control planes: what the controller serves while the rollout holds them,
 * what it stores, what a restart serves, and the emergency path. And a revision that drops a joined worker: the
 * departure is stored with it, the worker keeps a catalog (compiled from the last revision that named it) while it
 * leaves, a restart serves the same, and its catalog is withdrawn once it has left.
 */
class ClusterCatalogsRolloutTest {
    private static final List<String> CONTROL_PLANES = List.of("node1.internal", "node2.internal", "node3.internal");
    private static final List<String> WORKERS = List.of("node4.internal", "node5.internal");
    private static final String BEFORE = SeedCluster.exampleText();
    /** haproxy's backend port (restarts haproxy on the control planes) and one more package (restarts nothing). */
    private static final String AFTER = BEFORE.replace("haproxy: {apiServerPort: 6443}",
            "haproxy: {apiServerPort: 6444}").replace("packages: [curl, wget, gnupg, sudo, iptables]",
            "packages: [curl, wget, gnupg, sudo, iptables, jq]");

    /** Day-2 removal: the revision that drops node5, a joined worker. */
    private static final String WITHOUT_NODE5 = BEFORE.replaceAll("  - \\{name: node5\\.internal[^\n]*\n", "");
    private static final String DEPARTING = "node5.internal";
    private static final String JOINED_AT = "2026-12-04T12:00:00Z";

    @TempDir
    Path dir;

    private SqliteStore store;
    private ClusterCatalogs catalogs;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir);
        catalogs = rolling();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private ClusterCatalogs rolling() {
        return new ClusterCatalogs(new CatalogCompiler(), new CatalogWatches(),
                io.kubenode.controller.compiler.orchestration.OrchestrationSecretSource.NONE, node -> true,
                Clock.systemUTC());
    }

    @Test
    void theControlPlanesKeepTheirCatalogWhileWorkersTakeTheRevisionAndTheRolloutIsStoredWithIt() {
        put(BEFORE, 0, false);
        assertThat(store.orchestration()).as("the first revision has nothing to roll").isEmpty();
        Map<String, Long> first = generations();

        put(AFTER, 1, false);

        for (String node : CONTROL_PLANES) {
            assertThat(generation(node)).as(node + " is held").isEqualTo(first.get(node));
            assertThat(body(node)).contains("6443").doesNotContain("6444");
        }
        for (String node : WORKERS) {
            assertThat(generation(node)).as(node + " takes the package at once").isGreaterThan(first.get(node));
            assertThat(body(node)).contains("\"jq\"");
        }
        RolloutRecord stored = store.orchestration().orElseThrow().rollout();
        assertThat(stored.revision()).isEqualTo(2);
        assertThat(stored.node("node1.internal").heldRevision()).isEqualTo(1L);
        assertThat(store.audit(1).get(0).summary()).isEqualTo("resourceVersion 2: test; rolls out node by node to "
                + "node1.internal, node2.internal, node3.internal");
    }

    @Test
    void aReleasedNodeGetsTheRevisionTheOthersStayHeldAndARestartServesTheSameGenerations() {
        put(BEFORE, 0, false);
        put(AFTER, 1, false);
        Map<String, Long> held = generations();

        release("node1.internal");

        assertThat(generation("node1.internal")).isGreaterThan(held.get("node1.internal"));
        assertThat(body("node1.internal")).contains("6444");
        assertThat(generation("node2.internal")).isEqualTo(held.get("node2.internal"));
        assertThat(body("node2.internal")).doesNotContain("6444");
        Map<String, Long> served = generations();
        Map<String, String> bodies = bodies();

        ClusterCatalogs restarted = rolling();
        restarted.load(store);

        for (String node : served.keySet()) {
            assertThat(restarted.watches().generation(node)).as(node).isEqualTo(served.get(node));
            assertThat(restarted.watches().current(node).orElseThrow().body().toString(StandardCharsets.UTF_8))
                    .as(node).isEqualTo(bodies.get(node));
        }
    }

    @Test
    void allAtOnceGivesEveryNodeTheRevisionNow() {
        put(BEFORE, 0, false);
        Map<String, Long> first = generations();

        put(AFTER, 1, true);

        for (String node : first.keySet()) {
            assertThat(generation(node)).as(node).isGreaterThan(first.get(node));
        }
        assertThat(store.orchestration().orElseThrow().rollout().allAtOnce()).isTrue();
        assertThat(store.audit(1).get(0).summary()).endsWith("; all at once (no rollout)");
    }

    @Test
    void aNewRevisionDuringARolloutKeepsAHeldNodeOnTheRevisionItHolds() {
        put(BEFORE, 0, false);
        put(AFTER, 1, false);
        String third = AFTER.replace("haproxy: {apiServerPort: 6444}", "haproxy: {apiServerPort: 6445}");

        put(third, 2, false);

        RolloutRecord rollout = store.orchestration().orElseThrow().rollout();
        assertThat(rollout.revision()).isEqualTo(3);
        assertThat(rollout.node("node1.internal").heldRevision()).as("still on the revision it has").isEqualTo(1L);
        assertThat(body("node1.internal")).contains("6443");
    }

    @Test
    void aRevisionStoredWhileAWorkerIsDrainedHasItUncordonedAndTheDrainerServesTheUncordon() {
        put(BEFORE, 0, false);
        put(AFTER, 1, false);
        catalogs.exclusively(() -> {
            OrchestrationRecord record = catalogs.orchestration().orElseThrow();
            Map<String, RolloutNodeRecord> nodes = new LinkedHashMap<>(record.rollout().nodes());
            nodes.put("node1.internal", nodes.get("node1.internal").with(RolloutNode.State.DONE, null,
                    "2026-12-04T12:00:00Z", "done"));
            nodes.put("node4.internal", new RolloutNodeRecord(false, true, List.of("service:kubelet"),
                    RolloutNode.State.DRAINING, 1L, "2026-12-04T12:00:00Z", "draining", "node1.internal"));
            return catalogs.recordOrchestration(store, record.withRollout(record.rollout().withNodes(nodes)),
                    Set.of("node1.internal", "node4.internal"), List.<OrchestrationEvent>of());
        });
        assertThat(body("node1.internal")).contains("\"id\":\"drain:node4.internal\"")
                .contains("\"drained\":true");

        put(AFTER.replace("iptables, jq]", "iptables, jq, tree]"), 2, false);

        RolloutNodeRecord node4 = store.orchestration().orElseThrow().rollout().node("node4.internal");
        assertThat(node4.state()).isEqualTo(RolloutNode.State.UNCORDONING);
        assertThat(node4.drainedBy()).isEqualTo("node1.internal");
        assertThat(body("node1.internal")).as("the drainer is told to uncordon in the same put")
                .contains("\"id\":\"drain:node4.internal\"").contains("\"drained\":false");
        Map<String, String> bodies = bodies();
        ClusterCatalogs restarted = rolling();
        restarted.load(store);
        bodies.forEach((node, body) -> assertThat(restarted.watches().current(node).orElseThrow().body()
                .toString(StandardCharsets.UTF_8)).as(node).isEqualTo(body));
    }

    @Test
    void withoutRollingEveryRevisionReachesEveryNodeAtOnce() {
        ClusterCatalogs plain = new ClusterCatalogs(new CatalogCompiler(), new CatalogWatches());
        catalogs = plain;
        put(BEFORE, 0, false);
        Map<String, Long> first = generations();

        put(AFTER, 1, false);

        for (String node : CONTROL_PLANES) {
            assertThat(generation(node)).as(node).isGreaterThan(first.get(node));
        }
    }

    @Test
    void droppingAJoinedWorkerStoresItsDepartureAndKeepsServingItUntilItHasLeft() {
        put(BEFORE, 0, false);
        everyNodeJoined();
        long before = catalogs.watches().generation(DEPARTING);

        put(WITHOUT_NODE5, 1, false);

        Departure departure = store.orchestration().orElseThrow().departure(DEPARTING);
        assertThat(departure.step()).isEqualTo(DepartureStep.Draining);
        assertThat(departure.revision()).isEqualTo(1);
        assertThat(departure.executor()).isEqualTo("node1.internal");
        assertThat(catalogs.watches().generation(DEPARTING)).as("no join step any more").isGreaterThan(before);
        assertThat(body(DEPARTING)).doesNotContain("\"id\":\"kubeadm:node\"");
        assertThat(body("node1.internal")).contains("\"id\":\"drain:node5.internal\"");
        assertThat(store.audit(1).get(0).summary()).isEqualTo("resourceVersion 2: test; restarts nothing: every node at "
                + "once; removes node5.internal from the cluster (drain, kubeadm reset, Node object)");

        ClusterCatalogs restarted = rolling();
        restarted.load(store);
        for (String node : List.of(DEPARTING, "node1.internal", "node4.internal")) {
            assertThat(restarted.watches().generation(node)).as(node).isEqualTo(catalogs.watches().generation(node));
            assertThat(restarted.watches().current(node).orElseThrow().body().toString(StandardCharsets.UTF_8))
                    .as(node).isEqualTo(body(node));
        }

        catalogs.exclusively(() -> catalogs.recordOrchestration(store, store.orchestration().orElseThrow()
                .withDepartures(Map.of()), Set.of(DEPARTING, "node1.internal"), List.<OrchestrationEvent>of()));

        assertThat(catalogs.watches().current(DEPARTING)).as("withdrawn once it has left").isEmpty();
        assertThat(body("node1.internal")).doesNotContain("drain:node5.internal");
    }

    private void everyNodeJoined() {
        catalogs.exclusively(() -> {
            Map<String, NodeRecord> nodes = new LinkedHashMap<>();
            Released joined = Released.NOTHING.withKubeadm(new KubeadmStep("join", 1, JOINED_AT));
            for (String node : List.of("node1.internal", "node2.internal", "node3.internal", "node4.internal",
                    DEPARTING)) {
                nodes.put(node, new NodeRecord(NodePhase.Ready, JOINED_AT, "ready", joined, 1, null, null, JOINED_AT));
            }
            OrchestrationRecord record = new OrchestrationRecord(ClusterPhase.Ready, JOINED_AT, "every node Ready",
                    Map.of("Ready", JOINED_AT), nodes, null);
            return catalogs.recordOrchestration(store, record, Set.copyOf(nodes.keySet()),
                    List.<OrchestrationEvent>of());
        });
    }

    private void release(String node) {
        catalogs.exclusively(() -> {
            OrchestrationRecord record = catalogs.orchestration().orElseThrow();
            Map<String, RolloutNodeRecord> nodes = new LinkedHashMap<>(record.rollout().nodes());
            nodes.put(node, nodes.get(node).with(RolloutNode.State.RELEASED, null, "2026-12-04T12:00:00Z", "r"));
            return catalogs.recordOrchestration(store, record.withRollout(record.rollout().withNodes(nodes)),
                    Set.of(node), List.<OrchestrationEvent>of());
        });
    }

    private void put(String document, long expected, boolean allAtOnce) {
        CompiledCluster compiled = ((ClusterCatalogs.Checked.Valid) catalogs.check(
                document.getBytes(StandardCharsets.UTF_8))).compiled();
        ClusterCatalogs.Put put = catalogs.put(store, document, expected, "alice", "test", compiled, allAtOnce);
        assertThat(put.result()).isInstanceOf(ClusterPut.Stored.class);
    }

    private long generation(String node) {
        return catalogs.watches().generation(node);
    }

    private Map<String, Long> generations() {
        Map<String, Long> generations = new LinkedHashMap<>();
        for (String node : CONTROL_PLANES) {
            generations.put(node, generation(node));
        }
        for (String node : WORKERS) {
            generations.put(node, generation(node));
        }
        return generations;
    }

    private Map<String, String> bodies() {
        Map<String, String> bodies = new LinkedHashMap<>();
        generations().keySet().forEach(node -> bodies.put(node, body(node)));
        return bodies;
    }

    private String body(String node) {
        return catalogs.watches().current(node).orElseThrow().body().toString(StandardCharsets.UTF_8);
    }
}
