package io.kubenode.controller.store;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Bootstrap tokens: only secret hashes are stored, and they are compared here, never handed out. */
final class TokenTable {
    private TokenTable() {
    }

    static boolean add(Connection connection, NewToken token, Instant at) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO bootstrap_token (id, secret_hash,"
                + " expires_at, uses_left, node_name, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (id) DO NOTHING")) {
            insert.setString(1, token.id());
            insert.setBytes(2, token.secretHash());
            insert.setLong(3, token.expiresAt().toEpochMilli());
            insert.setInt(4, token.uses());
            insert.setString(5, token.nodeName());
            insert.setString(6, token.createdBy());
            insert.setLong(7, at.toEpochMilli());
            if (insert.executeUpdate() == 0) {
                return false;
            }
        }
        AuditLog.append(connection, at, token.createdBy(), "token.create", "token/" + token.id(),
                token.uses() + " use(s), expires " + token.expiresAt() + ", "
                        + (token.nodeName() == null ? "any node" : "node " + token.nodeName()));
        return true;
    }

    static List<TokenInfo> list(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT id, expires_at, uses_left, node_name,"
                + " created_by, created_at, revoked_at FROM bootstrap_token ORDER BY created_at, id");
             ResultSet rows = select.executeQuery()) {
            List<TokenInfo> tokens = new ArrayList<>();
            while (rows.next()) {
                Instant revokedAt = rows.getObject("revoked_at") == null ? null
                        : Instant.ofEpochMilli(rows.getLong("revoked_at"));
                tokens.add(new TokenInfo(rows.getString("id"), Instant.ofEpochMilli(rows.getLong("expires_at")),
                        rows.getInt("uses_left"), rows.getString("node_name"), rows.getString("created_by"),
                        Instant.ofEpochMilli(rows.getLong("created_at")), revokedAt));
            }
            return List.copyOf(tokens);
        }
    }

    static boolean revoke(Connection connection, String id, String who, Instant at) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE bootstrap_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
            update.setLong(1, at.toEpochMilli());
            update.setString(2, id);
            if (update.executeUpdate() == 1) {
                AuditLog.append(connection, at, who, "token.revoke", "token/" + id, "revoked");
                return true;
            }
        }
        try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM bootstrap_token WHERE id = ?")) {
            exists.setString(1, id);
            try (ResultSet row = exists.executeQuery()) {
                return row.next();
            }
        }
    }

    /** The outcome of the checks, and whether the token is bound to a node. */
    record Checked(TokenCheck check, boolean bound) {
    }

    static Checked check(Connection connection, String id, byte[] secretHash, String nodeName, Instant at)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT secret_hash, expires_at, uses_left,"
                + " node_name, revoked_at FROM bootstrap_token WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next() || !MessageDigest.isEqual(row.getBytes("secret_hash"), secretHash)) {
                    return new Checked(TokenCheck.UNKNOWN, false);
                }
                String boundTo = row.getString("node_name");
                boolean bound = boundTo != null;
                if (row.getObject("revoked_at") != null) {
                    return new Checked(TokenCheck.REVOKED, bound);
                }
                if (!at.isBefore(Instant.ofEpochMilli(row.getLong("expires_at")))) {
                    return new Checked(TokenCheck.EXPIRED, bound);
                }
                if (row.getInt("uses_left") < 1) {
                    return new Checked(TokenCheck.USED_UP, bound);
                }
                if (bound && !boundTo.equals(nodeName)) {
                    return new Checked(TokenCheck.WRONG_NODE, bound);
                }
                return new Checked(TokenCheck.ACCEPTED, bound);
            }
        }
    }

    static TokenCheck consume(Connection connection, String id, byte[] secretHash, String nodeName,
                              String protectedReason, Instant at) throws SQLException {
        Checked checked = check(connection, id, secretHash, nodeName, at);
        if (checked.check() != TokenCheck.ACCEPTED) {
            return checked.check();
        }
        if (!checked.bound() && protectedReason != null) {
            AuditLog.append(connection, at, "system:bootstrap:" + id, "token.refuse", "node/" + nodeName,
                    "unbound token refused: node " + nodeName + " " + protectedReason
                            + "; only a token bound to it may enroll it");
            return TokenCheck.NEEDS_BOUND_TOKEN;
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE bootstrap_token SET uses_left = uses_left - 1 WHERE id = ?")) {
            update.setString(1, id);
            update.executeUpdate();
        }
        AuditLog.append(connection, at, "system:bootstrap:" + id, "token.consume", "token/" + id,
                "enrollment of node " + nodeName);
        return TokenCheck.ACCEPTED;
    }
}
