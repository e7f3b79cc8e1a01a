package io.kubenode.controller.store;

import io.kubenode.controller.cli.KubenodeController;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Restoring a backup must not un-revoke anything revoked since, and must move every node's generation above any an
 * agent may have cached (agents ignore catalogs at or below the generation they hold).
 */
class StoreRestoreTest {
    // now: the restore command runs on the system clock and lists only what is still valid
    static final Instant START = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final byte[] HASH = new byte[32];
    private static final String NODE1 = "node1.internal";

    @TempDir
    Path dir;
    private Path dataDir;
    private Path backup;
    private final SettableClock clock = new SettableClock(START);
    private SqliteStore store;

    @BeforeEach
    void aStoreWithOneNodeAndItsBackup() {
        dataDir = dir.resolve("data");
        backup = dir.resolve("backup.db");
        store = SqliteStore.open(dataDir, clock);
        store.recordIssuedCertificate(NODE1, BigInteger.valueOf(0x11), START.plus(Duration.ofDays(90)), "node.enroll");
        store.recordCatalog(NODE1, "sha256:a");
        store.addToken(new NewToken("tokena", HASH, START.plus(Duration.ofHours(1)), 3, null, "admin"));
        store.backup(backup);
        clock.advance(Duration.ofMinutes(5));
    }

    @AfterEach
    void closeTheStore() {
        store.close();
    }

    @Test
    void revocationsAndCertificatesSinceTheBackupAreKeptAndGenerationsPassTheReplacedStore() {
        store.revokeNode(NODE1, "alice");
        store.recordIssuedCertificate("node2.internal", BigInteger.valueOf(0x21), START.plus(Duration.ofDays(90)),
                "node.enroll");
        store.recordCertificate(IssuedCertificate.Kind.ADMIN, "carol", BigInteger.valueOf(0x31),
                START.plus(Duration.ofDays(365)), "kubenode-controller");
        store.revokeSerial(BigInteger.valueOf(0x31), "alice");
        store.consumeToken("tokena", HASH, NODE1);
        store.revokeToken("tokena", "alice");
        store.recordCatalog(NODE1, "sha256:b");
        store.recordCatalog(NODE1, "sha256:c");
        store.recordCatalog("node3.internal", "sha256:x");
        store.close();

        StoreRestore.Outcome outcome = new StoreRestore(dataDir, backup, clock).restore(false);

        assertThat(outcome).as(String.join("\n", outcome.lines())).isInstanceOf(StoreRestore.Restored.class);
        store = SqliteStore.open(dataDir, clock);
        assertThat(store.isRevoked(BigInteger.valueOf(0x11))).as("node1's certificate, revoked after the backup")
                .isTrue();
        assertThat(store.isRevoked(BigInteger.valueOf(0x31))).as("carol's admin certificate").isTrue();
        assertThat(store.issuedCertificate(BigInteger.valueOf(0x21))).as("node2 enrolled after the backup")
                .isPresent();
        assertThat(store.consumeToken("tokena", HASH, NODE1)).isEqualTo(TokenCheck.REVOKED);
        assertThat(store.tokens().get(0).usesLeft()).as("uses taken since the backup stay taken").isEqualTo(2);
        assertThat(store.nodeGeneration(NODE1)).map(NodeGeneration::generation)
                .as("above the 3 agents may hold").contains(4L);
        assertThat(store.nodeGeneration(NODE1)).map(NodeGeneration::contentHash).contains("sha256:a");
        assertThat(store.nodeGeneration("node3.internal")).map(NodeGeneration::generation).contains(2L);
        assertThat(store.recordCatalog("node3.internal", "sha256:x").generation())
                .as("a node only the replaced store knew moves on with its next catalog").isEqualTo(3);
        assertThat(store.audit(5)).anyMatch(entry -> entry.action().equals("store.restore"));
        assertThat(((StoreRestore.Restored) outcome).replaced()).exists();
        assertThat(dataDir.resolve(StoreRestore.WORK_DIR)).doesNotExist();
    }

    @Test
    void sealedSecretsMadeSinceTheBackupAreKept() {
        store.putSecretsIfAbsent(java.util.Map.of("cluster-pki/ca.key", new byte[]{1, 2, 3}), "kubenode-controller");
        store.close();

        StoreRestore.Outcome outcome = new StoreRestore(dataDir, backup, clock).restore(false);

        assertThat(outcome.lines()).contains("kept from the replaced store: 1 sealed secret(s)");
        store = SqliteStore.open(dataDir, clock);
        assertThat(store.sealedSecret("cluster-pki/ca.key")).as("the PKI the nodes hold survives an older backup")
                .hasValueSatisfying(sealed -> assertThat(sealed).containsExactly(1, 2, 3));
    }

    @Test
    void theOrchestrationRecordMadeSinceTheBackupIsKept() {
        io.kubenode.controller.orchestration.OrchestrationRecord record = SqliteStoreOrchestrationTest.record(
                "init released", io.kubenode.controller.orchestration.Released.NOTHING);
        store.putOrchestration(record, java.util.List.of(), java.util.List.of());
        store.close();

        StoreRestore.Outcome outcome = new StoreRestore(dataDir, backup, clock).restore(false);

        assertThat(outcome.lines()).contains("kept from the replaced store: the orchestration record");
        store = SqliteStore.open(dataDir, clock);
        assertThat(store.orchestration()).as("what kubeadm was released to do on the hosts survives an older backup")
                .contains(record);
    }

    @Test
    void withoutTheReplacedStoreRestoreRefusesNamingWhatWouldBeValidAgainAndForcedJumpsGenerations() {
        store.close();
        deleteStoreFiles();

        StringWriter refusedErr = new StringWriter();
        int refused = KubenodeController.run(new PrintWriter(new StringWriter()), new PrintWriter(refusedErr),
                "restore", "--data-dir", dataDir.toString(), "--from", backup.toString());

        assertThat(refused).isEqualTo(1);
        assertThat(refusedErr.toString()).contains("node certificate 11 of node1.internal", "bootstrap token tokena",
                "--force");
        assertThat(dataDir.resolve("kubenode.db")).as("nothing restored").doesNotExist();

        StringWriter forcedOut = new StringWriter();
        int forced = KubenodeController.run(new PrintWriter(forcedOut), new PrintWriter(new StringWriter()),
                "restore", "--data-dir", dataDir.toString(), "--from", backup.toString(), "--force");

        assertThat(forced).as(forcedOut.toString()).isZero();
        store = SqliteStore.open(dataDir, clock);
        assertThat(store.nodeGeneration(NODE1)).map(NodeGeneration::generation)
                .contains(1 + StoreRestore.GENERATION_JUMP);
    }

    @Test
    void aStoreStillOpenElsewhereIsNotReplaced() {
        store.revokeNode(NODE1, "alice");

        StoreRestore.Outcome outcome = new StoreRestore(dataDir, backup, clock).restore(true);

        assertThat(outcome).isInstanceOf(StoreRestore.Refused.class);
        assertThat(String.join("\n", outcome.lines())).contains("serve running");
        assertThat(store.isRevoked(BigInteger.valueOf(0x11))).isTrue();
    }

    @Test
    void aMissingBackupIsRefused() {
        StoreRestore.Outcome outcome = new StoreRestore(dataDir, dir.resolve("nope.db"), clock).restore(true);

        assertThat(outcome).isInstanceOf(StoreRestore.Refused.class);
        assertThat(outcome.lines()).containsExactly("no backup file at " + dir.resolve("nope.db"));
    }

    private void deleteStoreFiles() {
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            try {
                Files.deleteIfExists(dataDir.resolve("kubenode.db" + suffix));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        assertThat(Optional.of(dataDir.resolve("kubenode.db"))).get().matches(file -> !Files.exists(file));
    }
}
