package io.kubenode.controller.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The audit table; every change appends its row inside the change's own transaction. */
final class AuditLog {
    private AuditLog() {
    }

    static void append(Connection connection, Instant at, String who, String action, String object, String summary)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO audit (at, who, action, object, summary) VALUES (?, ?, ?, ?, ?)")) {
            insert.setLong(1, at.toEpochMilli());
            insert.setString(2, who);
            insert.setString(3, action);
            insert.setString(4, object);
            insert.setString(5, summary);
            insert.executeUpdate();
        }
    }

    static List<AuditEntry> newest(Connection connection, int limit) throws SQLException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, at, who, action, object, summary FROM audit ORDER BY id DESC LIMIT ?")) {
            select.setInt(1, limit);
            List<AuditEntry> entries = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    entries.add(new AuditEntry(rows.getLong("id"), Instant.ofEpochMilli(rows.getLong("at")),
                            rows.getString("who"), rows.getString("action"), rows.getString("object"),
                            rows.getString("summary")));
                }
            }
            return List.copyOf(entries);
        }
    }
}
