package io.kubenode.controller.store;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class SqliteStoreClusterTest extends WithOpenStore {
    @Test
    void anEmptyStoreHasNoClusterDocument() {
        assertThat(store.currentCluster()).isEmpty();
        assertThat(store.clusterHistory()).isEmpty();
    }

    @Test
    void theFirstPutWithExpectedZeroCreatesVersionOne() {
        ClusterPut put = store.putCluster("kind: Cluster # v1\n", 0, "admin", "created");

        assertThat(put).isEqualTo(new ClusterPut.Stored(new ClusterRevision(1, "kind: Cluster # v1\n", "admin",
                START), List.of(), Set.of()));
        assertThat(store.currentCluster()).contains(((ClusterPut.Stored) put).revision());
    }

    @Test
    void aPutWithTheCurrentVersionStoresTheNextVersion() {
        store.putCluster("v1", 0, "admin", "created");
        clock.advance(Duration.ofMinutes(1));

        ClusterPut put = store.putCluster("v2", 1, "alice", "edited");

        assertThat(put).isEqualTo(new ClusterPut.Stored(new ClusterRevision(2, "v2", "alice",
                START.plus(Duration.ofMinutes(1))), List.of(), Set.of()));
        assertThat(store.currentCluster()).map(ClusterRevision::text).contains("v2");
    }

    @Test
    void aStaleVersionConflictsWithTheCurrentVersionAndStoresNothing() {
        store.putCluster("v1", 0, "admin", "created");
        store.putCluster("v2", 1, "alice", "edited");

        assertThat(store.putCluster("from an old read", 1, "bob", "edited"))
                .isEqualTo(new ClusterPut.Conflict(1, 2));
        assertThat(store.currentCluster()).map(ClusterRevision::text).contains("v2");
        assertThat(store.clusterHistory()).hasSize(2);
    }

    @Test
    void expectedZeroConflictsWhenADocumentExists() {
        store.putCluster("v1", 0, "admin", "created");

        assertThat(store.putCluster("again", 0, "admin", "created")).isEqualTo(new ClusterPut.Conflict(0, 1));
    }

    @Test
    void anExpectedVersionWithoutADocumentConflictsWithVersionZero() {
        assertThat(store.putCluster("v1", 3, "admin", "edited")).isEqualTo(new ClusterPut.Conflict(3, 0));
        assertThat(store.currentCluster()).isEmpty();
    }

    @Test
    void historyKeepsEveryVersionOldestFirstWithWhoAndWhen() {
        for (int version = 1; version <= 4; version++) {
            store.putCluster("v" + version, version - 1, "admin" + version, "edit " + version);
            clock.advance(Duration.ofSeconds(10));
        }

        assertThat(store.clusterHistory()).extracting(ClusterRevision::resourceVersion, ClusterRevision::text,
                        ClusterRevision::author, ClusterRevision::createdAt)
                .containsExactly(
                        tuple(1L, "v1", "admin1", START),
                        tuple(2L, "v2", "admin2", START.plusSeconds(10)),
                        tuple(3L, "v3", "admin3", START.plusSeconds(20)),
                        tuple(4L, "v4", "admin4", START.plusSeconds(30)));
    }

    @Test
    void anOldVersionCanBeReadBackForRollback() {
        store.putCluster("first", 0, "admin", "created");
        store.putCluster("second", 1, "admin", "edited");

        String old = store.clusterRevision(1).orElseThrow().text();
        store.putCluster(old, 2, "admin", "rollback to 1");

        assertThat(store.currentCluster()).map(ClusterRevision::resourceVersion).contains(3L);
        assertThat(store.currentCluster()).map(ClusterRevision::text).contains("first");
        assertThat(store.clusterRevision(9)).isEmpty();
    }

    @Test
    void everyStoredPutWritesOneAuditRowAndAConflictNone() {
        store.putCluster("v1", 0, "admin", "created");
        clock.advance(Duration.ofSeconds(1));
        store.putCluster("v2", 1, "alice", "rollback to 1");
        store.putCluster("stale", 1, "bob", "edited");

        assertThat(store.audit(10)).extracting(AuditEntry::who, AuditEntry::action, AuditEntry::object,
                        AuditEntry::summary, AuditEntry::at)
                .containsExactly(
                        tuple("alice", "cluster.put", "cluster",
                                "resourceVersion 2: rollback to 1", START.plusSeconds(1)),
                        tuple("admin", "cluster.put", "cluster",
                                "resourceVersion 1: created", START));
    }

    @Test
    void theAuditLogIsNewestFirstAndLimited() {
        for (int version = 1; version <= 5; version++) {
            store.putCluster("v" + version, version - 1, "admin", "edit " + version);
        }

        assertThat(store.audit(2)).extracting(AuditEntry::summary)
                .containsExactly("resourceVersion 5: edit 5", "resourceVersion 4: edit 4");
        assertThatThrownBy(() -> store.audit(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aClosedStoreRefusesWork() {
        store.close();

        assertThatThrownBy(() -> store.currentCluster()).isInstanceOf(StoreException.class)
                .hasMessageContaining("closed");
    }
}
