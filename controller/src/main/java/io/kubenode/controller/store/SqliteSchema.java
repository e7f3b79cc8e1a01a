package io.kubenode.controller.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The schema as numbered migrations; {@code schema_version} holds the last one applied. Migrations only append:
 * a released migration is never edited, a change is a new entry.
 */
final class SqliteSchema {
    private static final List<List<String>> MIGRATIONS = List.of(List.of(
            "CREATE TABLE cluster_revision (version INTEGER PRIMARY KEY, text TEXT NOT NULL,"
                    + " author TEXT NOT NULL, created_at INTEGER NOT NULL)",
            "CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, who TEXT NOT NULL,"
                    + " action TEXT NOT NULL, object TEXT NOT NULL, summary TEXT NOT NULL)",
            "CREATE TABLE bootstrap_token (id TEXT PRIMARY KEY, secret_hash BLOB NOT NULL,"
                    + " expires_at INTEGER NOT NULL, uses_left INTEGER NOT NULL CHECK (uses_left >= 0),"
                    + " node_name TEXT, created_by TEXT NOT NULL, created_at INTEGER NOT NULL, revoked_at INTEGER)",
            "CREATE TABLE certificate_revocation (serial TEXT PRIMARY KEY, node_name TEXT NOT NULL,"
                    + " revoked_by TEXT NOT NULL, revoked_at INTEGER NOT NULL)",
            "CREATE TABLE node_generation (node_name TEXT PRIMARY KEY, generation INTEGER NOT NULL,"
                    + " content_hash TEXT NOT NULL, catalog TEXT NOT NULL, changed_at INTEGER NOT NULL)"),
            List.of("CREATE TABLE issued_certificate (serial TEXT PRIMARY KEY, node_name TEXT NOT NULL,"
                    + " not_after INTEGER NOT NULL, issued_at INTEGER NOT NULL)",
                    "CREATE INDEX issued_certificate_node ON issued_certificate (node_name)"),
            // Catalogs are compiled again from the revision text; storing ~50 KB per node per revision bought
            // nothing but write time on every cluster PUT.
            List.of("ALTER TABLE node_generation DROP COLUMN catalog"),
            // Admin (and later monitoring) certificates are recorded too, so that every certificate the
            // controller signs can be revoked by serial; rows of earlier versions are all node certificates.
            List.of("ALTER TABLE issued_certificate ADD COLUMN kind TEXT NOT NULL DEFAULT 'node'"),
            // Secrets the controller keeps for the cluster (the Kubernetes PKI), sealed by the caller under the
            // key-encryption key in DATA/pki/kek.key: the database and its backups hold ciphertext only.
            List.of("CREATE TABLE sealed_secret (name TEXT PRIMARY KEY, sealed BLOB NOT NULL,"
                    + " created_by TEXT NOT NULL, created_at INTEGER NOT NULL)"),
            // The orchestrator's record (what each node's catalog has released), one JSON document in one row,
            // written in the same transaction as the catalog generations it moves.
            List.of("CREATE TABLE orchestration (id INTEGER PRIMARY KEY CHECK (id = 1), document TEXT NOT NULL,"
                    + " updated_at INTEGER NOT NULL)"));

    private SqliteSchema() {
    }

    /** Brings the schema up to date; runs inside the caller's transaction. */
    static Void migrate(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
            int current;
            try (ResultSet row = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
                current = row.next() ? row.getInt(1) : 0;
            }
            if (current > MIGRATIONS.size()) {
                throw new StoreException("the store has schema version " + current + " but this controller knows "
                        + MIGRATIONS.size() + "; run a kubenode-controller at least as new as the one that wrote it");
            }
            for (int version = current + 1; version <= MIGRATIONS.size(); version++) {
                for (String sql : MIGRATIONS.get(version - 1)) {
                    statement.execute(sql);
                }
            }
            if (current < MIGRATIONS.size()) {
                statement.execute("DELETE FROM schema_version");
                statement.execute("INSERT INTO schema_version (version) VALUES (" + MIGRATIONS.size() + ")");
            }
        }
        return null;
    }
}
