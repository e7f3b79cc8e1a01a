package io.kubenode.controller.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Puts a backup (made by {@link Store#backup}) back as a data dir's store without undoing what must never be undone:
 * <ul>
 *   <li>every certificate recorded and every certificate or token revocation made since the backup is carried over
 *       from the store being replaced (a backup is desired state; revocations are facts about keys in the world),
 *       and so are the sealed secrets (the cluster PKI the nodes hold);</li>
 *   <li>every node's catalog generation ends above any generation an agent may have cached: one above the higher of
 *       the backup's and the replaced store's, so agents take the restored catalogs instead of ignoring them.</li>
 * </ul>
 * Without a readable store to replace, nobody can know what was revoked since the backup: {@link #restore} then
 * refuses unless forced, listing what the backup would make valid again, and forced it moves every generation up by
 * {@link #GENERATION_JUMP}. The merge runs in one SQLite transaction on a copy; the copy then replaces the store by
 * an atomic rename, and the replaced file stays next to it.
 */
public final class StoreRestore {
    private static final System.Logger LOG = System.getLogger(StoreRestore.class.getName());
    /**
     * How far generations move when the replaced store is gone: more catalog changes than one node can have had since
     * any backup (each is a fsynced cluster write; a billion of them take decades), and far below Long.MAX_VALUE.
     */
    public static final long GENERATION_JUMP = 1_000_000_000L;
    static final String WORK_DIR = "restore.tmp";

    /** What a restore did or would do, as lines for people. */
    public sealed interface Outcome {
        List<String> lines();
    }

    public record Restored(List<String> lines, Path replaced) implements Outcome {
    }

    public record Refused(List<String> lines) implements Outcome {
    }

    private final Path dataDir;
    private final Path backup;
    private final Clock clock;

    public StoreRestore(Path dataDir, Path backup, Clock clock) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.backup = backup.toAbsolutePath().normalize();
        this.clock = clock;
    }

    /** Restores the backup into the data dir; {@code force} restores even with no readable store to merge from. */
    public Outcome restore(boolean force) {
        if (!Files.isRegularFile(backup)) {
            return new Refused(List.of("no backup file at " + backup));
        }
        Path current = dataDir.resolve(SqliteDatabase.FILE_NAME);
        Optional<String> unreadable = Files.exists(current) ? checkCurrent(current) : Optional.of("there is no "
                + current);
        if (unreadable.isEmpty() && Files.exists(dataDir.resolve(SqliteDatabase.FILE_NAME + "-wal"))) {
            return new Refused(List.of("another process has " + current + " open (is kubenode-controller serve "
                    + "running?); stop it before restoring"));
        }
        Path work = dataDir.resolve(WORK_DIR);
        try {
            deleteWorkDir(work);
            Files.createDirectories(dataDir, PosixFilePermissions.asFileAttribute(OwnerOnlyFiles.DIRECTORY));
            Files.createDirectory(work, PosixFilePermissions.asFileAttribute(OwnerOnlyFiles.DIRECTORY));
            Files.copy(backup, work.resolve(SqliteDatabase.FILE_NAME));
            OwnerOnlyFiles.restrict(work.resolve(SqliteDatabase.FILE_NAME));
            List<String> lines = new ArrayList<>();
            try (SqliteDatabase restored = SqliteDatabase.open(work, clock)) {
                lines.add("backup " + backup + " (newest change " + restored.read("read the backup's age",
                        StoreRestore::newestChange).map(Instant::toString).orElse("unknown") + ")");
                if (unreadable.isPresent()) {
                    List<String> wouldReturn = restored.read("list what the backup allows", c -> valid(c,
                            restored.now()));
                    if (!force) {
                        List<String> refusal = new ArrayList<>(lines);
                        refusal.add("refusing: " + unreadable.get() + ", so revocations made since the backup cannot"
                                + " be carried over. Valid again after the restore, unless they were revoked before"
                                + " the backup:");
                        refusal.addAll(wouldReturn.isEmpty() ? List.of("  (nothing)") : wouldReturn);
                        refusal.add("rerun with --force to restore anyway, then revoke with 'kubenodectl certificate"
                                + " revoke' and 'kubenodectl token revoke' whatever must stay revoked");
                        return new Refused(refusal);
                    }
                    lines.add("forced: " + unreadable.get() + "; these are valid again unless revoked before the "
                            + "backup:");
                    lines.addAll(wouldReturn.isEmpty() ? List.of("  (nothing)") : wouldReturn);
                    lines.addAll(restored.write("move the generations", c -> jumpGenerations(c, restored.now())));
                } else {
                    lines.addAll(merge(restored, current));
                }
            }
            Path replaced = dataDir.resolve(SqliteDatabase.FILE_NAME + ".before-restore-"
                    + clock.instant().toEpochMilli());
            if (Files.exists(current)) {
                Files.move(current, replaced);
                for (String suffix : List.of("-wal", "-shm")) {
                    Path side = dataDir.resolve(SqliteDatabase.FILE_NAME + suffix);
                    if (Files.exists(side)) {
                        Files.move(side, dataDir.resolve(replaced.getFileName() + suffix));
                    }
                }
            }
            Files.move(work.resolve(SqliteDatabase.FILE_NAME), current, StandardCopyOption.ATOMIC_MOVE);
            fsync(dataDir);
            deleteWorkDir(work);
            lines.add("restored " + current + (Files.exists(replaced) ? "; the replaced store is " + replaced : ""));
            return new Restored(lines, replaced);
        } catch (IOException e) {
            throw new StoreException("cannot restore " + backup + " into " + dataDir + ": " + e.getMessage(), e);
        } finally {
            try {
                deleteWorkDir(work);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot remove " + work + ": " + e.getMessage());
            }
        }
    }

    /** Empty when the current store opens (and is brought to this version's schema); otherwise why not. */
    private Optional<String> checkCurrent(Path current) {
        try (SqliteDatabase db = SqliteDatabase.open(dataDir, clock)) {
            return Optional.empty();
        } catch (StoreException e) {
            return Optional.of("the current store " + current + " cannot be read (" + e.getMessage() + ")");
        }
    }

    /** Carries revocations, certificates and token use over from the replaced store; moves generations past both. */
    private List<String> merge(SqliteDatabase restored, Path current) {
        restored.read("attach the replaced store", c -> {
            try (PreparedStatement attach = c.prepareStatement("ATTACH DATABASE ? AS replaced")) {
                attach.setString(1, current.toString());
                return attach.execute();
            }
        });
        try {
            return restored.write("merge the replaced store", c -> mergeAttached(c, restored.now()));
        } finally {
            restored.read("detach the replaced store", c -> {
                try (Statement detach = c.createStatement()) {
                    return detach.execute("DETACH DATABASE replaced");
                }
            });
        }
    }

    private static List<String> mergeAttached(Connection c, Instant now) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement statement = c.createStatement()) {
            int certificates = statement.executeUpdate("INSERT INTO issued_certificate (serial, node_name, not_after,"
                    + " issued_at, kind) SELECT serial, node_name, not_after, issued_at, kind"
                    + " FROM replaced.issued_certificate WHERE true ON CONFLICT (serial) DO NOTHING");
            int revocations = statement.executeUpdate("INSERT INTO certificate_revocation (serial, node_name,"
                    + " revoked_by, revoked_at) SELECT serial, node_name, revoked_by, revoked_at"
                    + " FROM replaced.certificate_revocation WHERE true ON CONFLICT (serial) DO NOTHING");
            int tokensRevoked = statement.executeUpdate("UPDATE bootstrap_token SET revoked_at = (SELECT r.revoked_at"
                    + " FROM replaced.bootstrap_token r WHERE r.id = bootstrap_token.id) WHERE revoked_at IS NULL"
                    + " AND EXISTS (SELECT 1 FROM replaced.bootstrap_token r WHERE r.id = bootstrap_token.id"
                    + " AND r.revoked_at IS NOT NULL)");
            int tokensUsed = statement.executeUpdate("UPDATE bootstrap_token SET uses_left = (SELECT r.uses_left"
                    + " FROM replaced.bootstrap_token r WHERE r.id = bootstrap_token.id) WHERE EXISTS (SELECT 1"
                    + " FROM replaced.bootstrap_token r WHERE r.id = bootstrap_token.id"
                    + " AND r.uses_left < bootstrap_token.uses_left)");
            // A node only the replaced store knows keeps its generation with an empty hash: whatever catalog it gets
            // next differs, so it moves on from there.
            statement.executeUpdate("INSERT INTO node_generation (node_name, generation, content_hash, changed_at)"
                    + " SELECT node_name, generation, '', changed_at FROM replaced.node_generation WHERE true"
                    + " ON CONFLICT (node_name) DO UPDATE SET generation = MAX(node_generation.generation,"
                    + " excluded.generation)");
            lines.add("kept from the replaced store: " + revocations + " certificate revocation(s), " + certificates
                    + " certificate record(s), " + tokensRevoked + " token revocation(s), " + tokensUsed
                    + " token use count(s)");
            // Sealed secrets (the cluster PKI) are keys the nodes hold, not desired state: a backup older than them
            // must not make the controller mint a second PKI; where both have a name, the replaced store's is kept.
            int secrets = statement.executeUpdate("INSERT INTO sealed_secret (name, sealed, created_by, created_at)"
                    + " SELECT name, sealed, created_by, created_at FROM replaced.sealed_secret WHERE true"
                    + " ON CONFLICT (name) DO UPDATE SET sealed = excluded.sealed, created_by = excluded.created_by,"
                    + " created_at = excluded.created_at WHERE sealed_secret.sealed <> excluded.sealed");
            if (secrets > 0) {
                lines.add("kept from the replaced store: " + secrets + " sealed secret(s)");
            }
            // The orchestration record says what kubeadm was released to run on which node: facts about the hosts,
            // like the PKI they hold. A backup's older record would release steps again (init on a joined node).
            int orchestration = statement.executeUpdate("INSERT INTO orchestration (id, document, updated_at)"
                    + " SELECT id, document, updated_at FROM replaced.orchestration WHERE true"
                    + " ON CONFLICT (id) DO UPDATE SET document = excluded.document,"
                    + " updated_at = excluded.updated_at WHERE orchestration.document <> excluded.document");
            if (orchestration > 0) {
                lines.add("kept from the replaced store: the orchestration record");
            }
        }
        lines.addAll(bumpGenerations(c, 1, now, "one above the higher of the backup's and the replaced store's"));
        return lines;
    }

    private static List<String> jumpGenerations(Connection c, Instant now) throws SQLException {
        return bumpGenerations(c, GENERATION_JUMP, now, "moved up by " + GENERATION_JUMP
                + " (the replaced store is gone, so no agent's generation is known)");
    }

    private static List<String> bumpGenerations(Connection c, long by, Instant now, String how) throws SQLException {
        int nodes;
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE node_generation SET generation = generation + ?, changed_at = ?")) {
            update.setLong(1, by);
            update.setLong(2, now.toEpochMilli());
            nodes = update.executeUpdate();
        }
        AuditLog.append(c, now, "kubenode-controller", "store.restore", "store", "restored a backup; generations "
                + how);
        return List.of("catalog generations of " + nodes + " node(s) " + how);
    }

    private static Optional<Instant> newestChange(Connection c) throws SQLException {
        try (Statement statement = c.createStatement();
             ResultSet row = statement.executeQuery("SELECT MAX(at) FROM audit")) {
            return row.next() && row.getObject(1) != null ? Optional.of(Instant.ofEpochMilli(row.getLong(1)))
                    : Optional.empty();
        }
    }

    /** Unrevoked, unexpired certificates and usable tokens of the backup, one line each. */
    private static List<String> valid(Connection c, Instant now) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT i.serial, i.kind, i.node_name, i.not_after"
                + " FROM issued_certificate i WHERE i.not_after > ? AND NOT EXISTS (SELECT 1 FROM"
                + " certificate_revocation r WHERE r.serial = i.serial) ORDER BY i.kind, i.node_name, i.issued_at")) {
            select.setLong(1, now.toEpochMilli());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    lines.add("  " + rows.getString("kind") + " certificate " + rows.getString("serial") + " of "
                            + rows.getString("node_name") + " (until "
                            + Instant.ofEpochMilli(rows.getLong("not_after")) + ")");
                }
            }
        }
        try (PreparedStatement select = c.prepareStatement("SELECT id, uses_left, node_name FROM bootstrap_token"
                + " WHERE revoked_at IS NULL AND uses_left > 0 AND expires_at > ? ORDER BY id")) {
            select.setLong(1, now.toEpochMilli());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    lines.add("  bootstrap token " + rows.getString("id") + " (" + rows.getInt("uses_left")
                            + " use(s) left" + (rows.getString("node_name") == null ? ""
                            : ", node " + rows.getString("node_name")) + ")");
                }
            }
        }
        return lines;
    }

    private static void deleteWorkDir(Path work) throws IOException {
        if (!Files.isDirectory(work)) {
            return;
        }
        try (var files = Files.list(work)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(work);
    }

    private static void fsync(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
