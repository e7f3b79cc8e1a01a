package io.kubenode.controller.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sealed secrets by name. The bytes are ciphertext made by the caller; this table never sees a key or a plaintext,
 * and the audit log names the secrets, never their bytes.
 */
final class SecretTable {
    private SecretTable() {
    }

    /** Stores every secret, or none when any of the names exists already (then false). */
    static boolean putAllIfAbsent(Connection connection, Map<String, byte[]> sealed, String who, Instant at)
            throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM sealed_secret WHERE name = ?")) {
            for (String name : sealed.keySet()) {
                exists.setString(1, name);
                try (ResultSet row = exists.executeQuery()) {
                    if (row.next()) {
                        return false;
                    }
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO sealed_secret (name, sealed, created_by, created_at) VALUES (?, ?, ?, ?)")) {
            for (Map.Entry<String, byte[]> secret : sealed.entrySet()) {
                insert.setString(1, secret.getKey());
                insert.setBytes(2, secret.getValue());
                insert.setString(3, who);
                insert.setLong(4, at.toEpochMilli());
                insert.executeUpdate();
            }
        }
        AuditLog.append(connection, at, who, "secret.create", "secrets",
                sealed.size() + " sealed: " + String.join(", ", sealed.keySet()));
        return true;
    }

    static Optional<byte[]> sealed(Connection connection, String name) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT sealed FROM sealed_secret WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getBytes(1)) : Optional.empty();
            }
        }
    }

    static List<String> names(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT name FROM sealed_secret ORDER BY name");
             ResultSet rows = select.executeQuery()) {
            List<String> names = new ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            return List.copyOf(names);
        }
    }
}
