package io.kubenode.controller.catalog;

import io.kubenode.controller.compiler.CatalogCompiler;
import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.compiler.orchestration.OrchestrationSecretSource;
import io.kubenode.controller.orchestration.ClusterPhase;
import io.kubenode.controller.orchestration.Departure;
import io.kubenode.controller.orchestration.DepartureStep;
import io.kubenode.controller.orchestration.KubeadmStep;
import io.kubenode.controller.orchestration.NodePhase;
import io.kubenode.controller.orchestration.NodeRecord;
import io.kubenode.controller.orchestration.OrchestrationEvent;
import io.kubenode.controller.orchestration.OrchestrationRecord;
import io.kubenode.controller.orchestration.Released;
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
 * A revision that drops a joined worker: the departure is stored with it, the worker keeps a catalog (compiled from
 * the last revision that named it) while it leaves, a restart serves the same, and its catalog is withdrawn once it
 * has left.
 */
class ClusterCatalogsDepartureTest {
    private static final String BEFORE = SeedCluster.exampleText();
    private static final String WITHOUT_NODE5 = BEFORE.replaceAll("  - \\{name: node5\\.internal[^\n]*\n", "");
    private static final String LEAVING = "node5.internal";
    private static final String NOW = "2026-12-04T12:00:00Z";

    @TempDir
    Path dir;

    private SqliteStore store;
    private ClusterCatalogs catalogs;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir);
        catalogs = catalogs();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private ClusterCatalogs catalogs() {
        return new ClusterCatalogs(new CatalogCompiler(), new CatalogWatches(), OrchestrationSecretSource.NONE,
                node -> true, Clock.systemUTC());
    }

    @Test
    void droppingAJoinedWorkerStoresItsDepartureAndKeepsServingItUntilItHasLeft() {
        put(BEFORE, 0);
        everyNodeJoined();
        long before = catalogs.watches().generation(LEAVING);

        put(WITHOUT_NODE5, 1);

        Departure departure = store.orchestration().orElseThrow().departure(LEAVING);
        assertThat(departure.step()).isEqualTo(DepartureStep.Draining);
        assertThat(departure.revision()).isEqualTo(1);
        assertThat(departure.executor()).isEqualTo("node1.internal");
        assertThat(catalogs.watches().generation(LEAVING)).as("no join step any more").isGreaterThan(before);
        assertThat(body(LEAVING)).doesNotContain("\"id\":\"kubeadm:node\"");
        assertThat(body("node1.internal")).contains("\"id\":\"drain:node5.internal\"");
        assertThat(store.audit(1).get(0).summary()).isEqualTo("resourceVersion 2: test; restarts nothing: every node at "
                + "once; removes node5.internal from the cluster (drain, kubeadm reset, Node object)");

        ClusterCatalogs restarted = catalogs();
        restarted.load(store);
        for (String node : List.of(LEAVING, "node1.internal", "node4.internal")) {
            assertThat(restarted.watches().generation(node)).as(node).isEqualTo(catalogs.watches().generation(node));
            assertThat(restarted.watches().current(node).orElseThrow().body().toString(StandardCharsets.UTF_8))
                    .as(node).isEqualTo(body(node));
        }

        catalogs.exclusively(() -> catalogs.recordOrchestration(store, store.orchestration().orElseThrow()
                .withDepartures(Map.of()), Set.of(LEAVING, "node1.internal"), List.<OrchestrationEvent>of()));

        assertThat(catalogs.watches().current(LEAVING)).as("withdrawn once it has left").isEmpty();
        assertThat(body("node1.internal")).doesNotContain("drain:node5.internal");
    }

    private void everyNodeJoined() {
        catalogs.exclusively(() -> {
            Map<String, NodeRecord> nodes = new LinkedHashMap<>();
            Released joined = Released.NOTHING.withKubeadm(new KubeadmStep("join", 1, NOW));
            for (String node : List.of("node1.internal", "node2.internal", "node3.internal", "node4.internal",
                    LEAVING)) {
                nodes.put(node, new NodeRecord(NodePhase.Ready, NOW, "ready", joined, 1, null, null, NOW));
            }
            OrchestrationRecord record = new OrchestrationRecord(ClusterPhase.Ready, NOW, "every node Ready",
                    Map.of("Ready", NOW), nodes, null);
            return catalogs.recordOrchestration(store, record, Set.copyOf(nodes.keySet()),
                    List.<OrchestrationEvent>of());
        });
    }

    private void put(String document, long expected) {
        CompiledCluster compiled = ((ClusterCatalogs.Checked.Valid) catalogs.check(
                document.getBytes(StandardCharsets.UTF_8))).compiled();
        ClusterCatalogs.Put put = catalogs.put(store, document, expected, "alice", "test", compiled, false);
        assertThat(put.result()).isInstanceOf(ClusterPut.Stored.class);
    }

    private String body(String node) {
        return catalogs.watches().current(node).orElseThrow().body().toString(StandardCharsets.UTF_8);
    }
}
