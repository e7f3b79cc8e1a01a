package io.kubenode.controller.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Cluster document revisions; the newest row is the current document and its version the resourceVersion. */
final class ClusterTable {
    private static final String COLUMNS = "SELECT version, text, author, created_at FROM cluster_revision ";

    private ClusterTable() {
    }

    static ClusterPut put(Connection connection, String text, long expectedVersion, String who, String summary,
                          List<CatalogRecord> catalogs, Instant at) throws SQLException {
        long current = current(connection).map(ClusterRevision::resourceVersion).orElse(0L);
        if (current != expectedVersion) {
            return new ClusterPut.Conflict(expectedVersion, current);
        }
        ClusterRevision revision = new ClusterRevision(current + 1, text, who, at);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO cluster_revision (version, text, author, created_at) VALUES (?, ?, ?, ?)")) {
            insert.setLong(1, revision.resourceVersion());
            insert.setString(2, text);
            insert.setString(3, who);
            insert.setLong(4, at.toEpochMilli());
            insert.executeUpdate();
        }
        AuditLog.append(connection, at, who, "cluster.put", "cluster",
                "resourceVersion " + revision.resourceVersion() + ": " + summary);
        NodeTables.RecordedCatalogs recorded = NodeTables.recordCatalogs(connection, catalogs, at);
        return new ClusterPut.Stored(revision, recorded.generations(), recorded.changed());
    }

    static Optional<ClusterRevision> current(Connection connection) throws SQLException {
        return select(connection, COLUMNS + "ORDER BY version DESC LIMIT 1").stream().findFirst();
    }

    static Optional<ClusterRevision> revision(Connection connection, long version) throws SQLException {
        return select(connection, COLUMNS + "WHERE version = ?", version).stream().findFirst();
    }

    static List<ClusterRevision> history(Connection connection) throws SQLException {
        return select(connection, COLUMNS + "ORDER BY version");
    }

    private static List<ClusterRevision> select(Connection connection, String sql, long... parameters)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setLong(i + 1, parameters[i]);
            }
            List<ClusterRevision> revisions = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    revisions.add(new ClusterRevision(rows.getLong("version"), rows.getString("text"),
                            rows.getString("author"), Instant.ofEpochMilli(rows.getLong("created_at"))));
                }
            }
            return List.copyOf(revisions);
        }
    }
}
