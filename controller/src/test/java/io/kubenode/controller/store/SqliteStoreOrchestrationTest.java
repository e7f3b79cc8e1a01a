package io.kubenode.controller.store;

import io.kubenode.controller.orchestration.BootstrapToken;
import io.kubenode.controller.orchestration.ClusterPhase;
import io.kubenode.controller.orchestration.KubeadmStep;
import io.kubenode.controller.orchestration.NodePhase;
import io.kubenode.controller.orchestration.NodeRecord;
import io.kubenode.controller.orchestration.OrchestrationEvent;
import io.kubenode.controller.orchestration.OrchestrationRecord;
import io.kubenode.controller.orchestration.Released;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The orchestration record: one document, written with the catalogs it changes and its audit rows, or not at all. */
class SqliteStoreOrchestrationTest extends WithOpenStore {
    static OrchestrationRecord record(String message, Released node1) {
        Map<String, NodeRecord> nodes = new LinkedHashMap<>();
        nodes.put("node2.internal", NodeRecord.pending("2026-03-01T10:00:00Z"));
        nodes.put("node1.internal", new NodeRecord(NodePhase.Joining, "2026-03-01T10:00:00Z", "init released",
                node1, 1, null, null, null));
        return new OrchestrationRecord(ClusterPhase.Initializing, "2026-03-01T10:00:00Z", message,
                Map.of("WaitingForNodes", "2026-03-01T09:00:00Z", "Initializing", "2026-03-01T10:00:00Z"), nodes,
                new BootstrapToken("abcdef", null, "present", "2026-03-01T10:15:00Z", "2026-03-01T10:00:00Z"));
    }

    private static final Released INIT = new Released(true, new KubeadmStep("init", 1, "2026-03-01T10:00:00Z"), null,
            "abcdef", false, false);

    @Test
    void thereIsNoRecordBeforeTheFirstDecisionAndTheStoredOneComesBackEqual() {
        assertThat(store.orchestration()).isEmpty();
        OrchestrationRecord record = record("init released", INIT);

        store.putOrchestration(record, List.of(), List.of());

        assertThat(store.orchestration()).contains(record);
        store.close();
        store = SqliteStore.open(dataDir, clock);
        assertThat(store.orchestration()).contains(record);
    }

    @Test
    void theRecordMovesTheChangedNodesGenerationsAndAuditsEachEvent() {
        store.recordCatalog("node1.internal", "sha256:a");
        store.recordCatalog("node2.internal", "sha256:b");

        OrchestrationWrite write = store.putOrchestration(record("init released", INIT),
                List.of(new CatalogRecord("node1.internal", "sha256:a2"), new CatalogRecord("node2.internal",
                        "sha256:b")), List.of(new OrchestrationEvent("step.release", "node1.internal", "init",
                        "kubeadm init released (attempt 1)"), new OrchestrationEvent("phase", null, null,
                        "Preflight -> Initializing")));

        assertThat(write.changedNodes()).containsExactly("node1.internal");
        assertThat(write.generations()).extracting(NodeGeneration::nodeName, NodeGeneration::generation)
                .containsExactly(tuple("node1.internal", 2L), tuple("node2.internal", 1L));
        assertThat(store.nodeGeneration("node2.internal")).map(NodeGeneration::generation).contains(1L);
        assertThat(store.audit(2)).extracting(AuditEntry::who, AuditEntry::action, AuditEntry::object,
                AuditEntry::summary).containsExactly(
                tuple("orchestrator", "orchestration.phase", "cluster", "Preflight -> Initializing"),
                tuple("orchestrator", "orchestration.step.release", "node1.internal",
                        "init: kubeadm init released (attempt 1)"));
    }

    @Test
    void aFailureHalfWayLeavesTheOldRecordTheOldGenerationsAndNoAuditRow() {
        OrchestrationRecord old = record("old", Released.NOTHING);
        store.putOrchestration(old, List.of(new CatalogRecord("node1.internal", "sha256:old")), List.of());
        int auditRows = store.audit(100).size();

        // the second catalog breaks the NOT NULL content hash: after the record and the first catalog were written
        assertThatThrownBy(() -> store.putOrchestration(record("new", INIT), List.of(
                new CatalogRecord("node1.internal", "sha256:new"), new CatalogRecord("node2.internal", null)),
                List.of(new OrchestrationEvent("step.release", "node1.internal", "init", "released"))))
                .isInstanceOf(StoreException.class).hasMessageStartingWith("cannot store the orchestration record");

        assertThat(store.orchestration()).contains(old);
        assertThat(store.nodeGeneration("node1.internal")).map(NodeGeneration::contentHash).contains("sha256:old");
        assertThat(store.nodeGeneration("node2.internal")).isEmpty();
        assertThat(store.audit(100)).hasSize(auditRows);
    }

    @Test
    void aStoreOfThePreviousSchemaOpensWithoutARecordAndTakesOne() throws Exception {
        store.close();
        try (Connection old = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("kubenode.db"));
             Statement sql = old.createStatement()) {
            sql.execute("DROP TABLE orchestration");
            sql.execute("UPDATE schema_version SET version = 5");
        }

        store = SqliteStore.open(dataDir, clock);

        assertThat(store.orchestration()).isEmpty();
        store.putOrchestration(record("x", INIT), List.of(), List.of());
        assertThat(store.orchestration()).map(OrchestrationRecord::message).contains("x");
    }

    @Test
    void aRecordAlteredIntoSomethingElseIsRefusedWithAClearError() throws Exception {
        store.putOrchestration(record("x", INIT), List.of(), List.of());
        store.close();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("kubenode.db"));
             Statement sql = db.createStatement()) {
            sql.execute("UPDATE orchestration SET document = '{\"phase\": \"Exploding\"}'");
        }
        store = SqliteStore.open(dataDir, clock);

        assertThatThrownBy(store::orchestration).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("the stored orchestration record does not read as one:");
    }
}
