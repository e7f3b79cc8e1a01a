package io.kubenode.controller.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteStoreFilesTest {
    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    private static final byte[] HASH = "hash".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;
    private final SettableClock clock = new SettableClock(START);

    /** Something in every table. */
    private static void fill(Store store) {
        for (int version = 1; version <= 50; version++) {
            store.putCluster("document " + version + "\n" + "x".repeat(2000), version - 1, "admin", "edit");
        }
        store.addToken(new NewToken("abcdef", HASH, START.plus(Duration.ofHours(1)), 2, null, "admin"));
        store.consumeToken("abcdef", HASH, "node1.internal");
        store.revokeCertificate("node1.internal", BigInteger.TEN, "alice");
        store.recordCatalog("node1.internal", "sha256:aaa");
    }

    private record Snapshot(List<ClusterRevision> history, List<AuditEntry> audit, List<TokenInfo> tokens,
                            List<CertificateRevocation> revocations, List<NodeGeneration> generations) {
        static Snapshot of(Store store) {
            return new Snapshot(store.clusterHistory(), store.audit(1000), store.tokens(), store.revocations(),
                    store.nodeGenerations());
        }
    }

    @Test
    void reopeningAfterCloseKeepsEverything() {
        Path data = dir.resolve("data");
        Snapshot before;
        try (SqliteStore store = SqliteStore.open(data, clock)) {
            fill(store);
            before = Snapshot.of(store);
        }
        try (SqliteStore store = SqliteStore.open(data, clock)) {
            assertThat(Snapshot.of(store)).isEqualTo(before);
            assertThat(store.consumeToken("abcdef", HASH, "node2.internal")).isEqualTo(TokenCheck.ACCEPTED);
        }
    }

    @Test
    void theDataDirectoryIsOwnerOnlyAndTheDatabaseFilesOwnerReadWrite() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                "rwxr-xr-x")));
        try (SqliteStore store = SqliteStore.open(data, clock)) {
            store.putCluster("v1", 0, "admin", "created");

            assertThat(Files.getPosixFilePermissions(data)).isEqualTo(OwnerOnlyFiles.DIRECTORY);
            for (String name : List.of("kubenode.db", "kubenode.db-wal", "kubenode.db-shm")) {
                assertThat(Files.getPosixFilePermissions(data.resolve(name))).as(name)
                        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            }
        }
    }

    @Test
    void openingTightensADatabaseFileLeftWorldReadable() throws Exception {
        Path data = dir.resolve("data");
        SqliteStore.open(data, clock).close();
        Files.setPosixFilePermissions(data.resolve("kubenode.db"), PosixFilePermissions.fromString("rw-r--r--"));

        SqliteStore.open(data, clock).close();

        assertThat(Files.getPosixFilePermissions(data.resolve("kubenode.db"))).isEqualTo(OwnerOnlyFiles.FILE);
    }

    @Test
    void aCorruptedDatabaseIsRefusedWithSqlitesMessage() throws Exception {
        Path data = dir.resolve("data");
        try (SqliteStore store = SqliteStore.open(data, clock)) {
            fill(store);
        }
        Path file = data.resolve("kubenode.db");
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            long middlePage = raw.length() / 2 / 4096 * 4096;
            byte[] garbage = new byte[4096];
            Arrays.fill(garbage, (byte) 0xA5);
            raw.seek(middlePage);
            raw.write(garbage);
        }

        assertThatThrownBy(() -> SqliteStore.open(data, clock)).isInstanceOf(StoreCorruptedException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("integrity check");
    }

    @Test
    void aFileThatIsNoDatabaseIsRefusedAsCorrupted() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("kubenode.db"), "not a database at all, just some text".repeat(200));

        assertThatThrownBy(() -> SqliteStore.open(data, clock)).isInstanceOf(StoreCorruptedException.class)
                .hasMessageContaining("not a database");
    }

    @Test
    void aBackupOpensAsAStoreWithTheSameContent() throws Exception {
        Path backup = dir.resolve("backup.db");
        Snapshot before;
        try (SqliteStore store = SqliteStore.open(dir.resolve("data"), clock)) {
            fill(store);
            before = Snapshot.of(store);
            store.backup(backup);
            store.putCluster("after the backup", 50, "admin", "edit");
        }

        assertThat(Files.getPosixFilePermissions(backup)).isEqualTo(OwnerOnlyFiles.FILE);
        Path restored = Files.createDirectories(dir.resolve("restored"));
        Files.move(backup, restored.resolve("kubenode.db"));
        try (SqliteStore store = SqliteStore.open(restored, clock)) {
            assertThat(Snapshot.of(store)).isEqualTo(before);
        }
    }

    @Test
    void aBackupRefusesToOverwriteAFile() throws Exception {
        Path existing = Files.writeString(dir.resolve("backup.db"), "keep me");
        try (SqliteStore store = SqliteStore.open(dir.resolve("data"), clock)) {
            assertThatThrownBy(() -> store.backup(existing)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("exists already");
        }

        assertThat(Files.readString(existing)).isEqualTo("keep me");
    }
}
