package io.kubenode.controller.rollout;

import io.kubenode.controller.catalog.CatalogWatches;
import io.kubenode.controller.catalog.ClusterCatalogs;
import io.kubenode.controller.catalog.CompiledCluster;
import io.kubenode.controller.compiler.CatalogCompiler;
import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.compiler.orchestration.OrchestrationSecretSource;
import io.kubenode.controller.orchestration.OrchestrationRecord;
import io.kubenode.controller.store.AuditEntry;
import io.kubenode.controller.store.ClusterPut;
import io.kubenode.controller.store.SqliteStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Pause, resume and undo on a stored rollout: what they write, what they refuse, what they audit. */
class RolloutsTest {
    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private static final String BEFORE = SeedCluster.exampleText();
    private static final String AFTER = BEFORE.replace("haproxy: {apiServerPort: 6443}",
            "haproxy: {apiServerPort: 6444}");

    @TempDir
    Path dir;

    private SqliteStore store;
    private ClusterCatalogs catalogs;
    private final AtomicInteger decisionsAsked = new AtomicInteger();
    private Rollouts rollouts;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        catalogs = new ClusterCatalogs(new CatalogCompiler(), new CatalogWatches(), OrchestrationSecretSource.NONE,
                node -> true, clock);
        rollouts = new Rollouts(catalogs, store, clock, decisionsAsked::incrementAndGet);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void beforeAnyRolloutThereIsNothingToShowPauseOrUndo() {
        assertThat(rollouts.status()).isEmpty();
        assertThat(rollouts.pause("alice", null)).isInstanceOf(RolloutControl.Outcome.NoRollout.class);
        assertThat(rollouts.resume("alice")).isInstanceOf(RolloutControl.Outcome.NoRollout.class);
        assertThat(rollouts.undo("alice")).isInstanceOf(RolloutControl.Outcome.NoRollout.class);
    }

    @Test
    void aPauseIsStoredWithWhoAndWhyAuditedAndRefusedTwice() {
        put(BEFORE, 0);
        put(AFTER, 1);

        RolloutControl.Outcome paused = rollouts.pause("alice", "change window closes");

        RolloutStatus status = ((RolloutControl.Outcome.Done) paused).status();
        assertThat(status.state()).isEqualTo(RolloutStatus.PAUSED);
        assertThat(status.reason()).isEqualTo("paused by alice: change window closes");
        assertThat(store.orchestration().orElseThrow().rollout().pausedBy()).isEqualTo("alice: change window closes");
        AuditEntry audit = store.audit(1).get(0);
        assertThat(List.of(audit.who(), audit.action(), audit.summary())).containsExactly("alice",
                "orchestration.rollout.pause", "revision 2: change window closes");
        assertThat(decisionsAsked).hasValue(1);
        assertThat(rollouts.pause("bob", null)).isEqualTo(new RolloutControl.Outcome.Refused(
                "the rollout of revision 2 is already paused by alice: change window closes"));
    }

    @Test
    void resumeClearsThePauseAndReleasesAFailedNodeAgainWithAFreshTimeout() {
        put(BEFORE, 0);
        put(AFTER, 1);
        catalogs.exclusively(() -> {
            OrchestrationRecord record = catalogs.orchestration().orElseThrow();
            Map<String, RolloutNodeRecord> nodes = new LinkedHashMap<>(record.rollout().nodes());
            nodes.put("node1.internal", nodes.get("node1.internal").with(RolloutNode.State.FAILED, null,
                    "2026-12-04T11:00:00Z", "file:/etc/haproxy/haproxy.cfg failed: validate exited 1"));
            return catalogs.recordOrchestration(store, record.withRollout(record.rollout().withNodes(nodes)),
                    Set.of("node1.internal"), List.of());
        });
        assertThat(rollouts.status().orElseThrow().state()).isEqualTo(RolloutStatus.PAUSED);

        RolloutControl.Outcome resumed = rollouts.resume("bob");

        RolloutNodeRecord node1 = store.orchestration().orElseThrow().rollout().node("node1.internal");
        assertThat(node1.state()).isEqualTo(RolloutNode.State.RELEASED);
        assertThat(node1.since()).isEqualTo(NOW.toString());
        assertThat(node1.message()).isEqualTo("released again by bob (was: file:/etc/haproxy/haproxy.cfg failed: "
                + "validate exited 1)");
        assertThat(((RolloutControl.Outcome.Done) resumed).status().state()).isEqualTo(RolloutStatus.ROLLING);
        AuditEntry audit = store.audit(1).get(0);
        assertThat(List.of(audit.who(), audit.action())).containsExactly("bob", "orchestration.rollout.resume");
        assertThat(rollouts.resume("bob")).isEqualTo(new RolloutControl.Outcome.Refused(
                "the rollout of revision 2 is not paused"));
    }

    @Test
    void undoStoresThePreviousRevisionAgainAndNodesStillHoldingItTakeItAtOnce() {
        put(BEFORE, 0);
        put(AFTER, 1);

        RolloutControl.Outcome undone = rollouts.undo("carol");

        RolloutStatus status = ((RolloutControl.Outcome.Done) undone).status();
        assertThat(status.revision()).isEqualTo(3);
        assertThat(status.fromRevision()).isEqualTo(2);
        assertThat(status.state()).as("every node still held revision 1's catalog").isEqualTo(RolloutStatus.COMPLETE);
        assertThat(store.currentCluster().orElseThrow().text()).isEqualTo(BEFORE);
        AuditEntry audit = store.audit(1).get(0);
        assertThat(List.of(audit.who(), audit.action(), audit.summary())).containsExactly("carol", "cluster.put",
                "resourceVersion 3: rollout undo: revision 1 stored again; restarts nothing: every node at once");
        assertThat(rollouts.pause("alice", null)).isEqualTo(new RolloutControl.Outcome.Refused(
                "revision 3 is rolled out on every node: nothing to pause"));
    }

    private void put(String document, long expected) {
        CompiledCluster compiled = ((ClusterCatalogs.Checked.Valid) catalogs.check(
                document.getBytes(StandardCharsets.UTF_8))).compiled();
        assertThat(catalogs.put(store, document, expected, "test", "test", compiled).result())
                .isInstanceOf(ClusterPut.Stored.class);
    }
}
