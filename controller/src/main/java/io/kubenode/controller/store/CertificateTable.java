package io.kubenode.controller.store;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The node certificates the controller signed, so that revoking a node can name every serial it holds. */
final class CertificateTable {
    private CertificateTable() {
    }

    static Void record(Connection connection, String nodeName, BigInteger serial, Instant notAfter, String action,
                       Instant at) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO issued_certificate (serial,"
                + " node_name, not_after, issued_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, serial.toString(16));
            insert.setString(2, nodeName);
            insert.setLong(3, notAfter.toEpochMilli());
            insert.setLong(4, at.toEpochMilli());
            insert.executeUpdate();
        }
        AuditLog.append(connection, at, nodeName, action, "node/" + nodeName,
                "serial " + serial.toString(16) + ", valid until " + notAfter);
        return null;
    }

    static List<IssuedCertificate> list(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT i.serial, i.node_name, i.not_after,"
                + " i.issued_at, r.serial IS NOT NULL AS revoked FROM issued_certificate i"
                + " LEFT JOIN certificate_revocation r ON r.serial = i.serial ORDER BY i.node_name, i.issued_at");
             ResultSet rows = select.executeQuery()) {
            List<IssuedCertificate> issued = new ArrayList<>();
            while (rows.next()) {
                issued.add(new IssuedCertificate(rows.getString("node_name"),
                        new BigInteger(rows.getString("serial"), 16), Instant.ofEpochMilli(rows.getLong("not_after")),
                        Instant.ofEpochMilli(rows.getLong("issued_at")), rows.getBoolean("revoked")));
            }
            return List.copyOf(issued);
        }
    }

    /** Revokes every unrevoked certificate issued to the node, in the caller's transaction. */
    static List<BigInteger> revokeNode(Connection connection, String nodeName, String who, Instant at)
            throws SQLException {
        List<BigInteger> serials = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT i.serial FROM issued_certificate i"
                + " LEFT JOIN certificate_revocation r ON r.serial = i.serial"
                + " WHERE i.node_name = ? AND r.serial IS NULL ORDER BY i.issued_at")) {
            select.setString(1, nodeName);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    serials.add(new BigInteger(rows.getString(1), 16));
                }
            }
        }
        for (BigInteger serial : serials) {
            NodeTables.revoke(connection, nodeName, serial, who, at);
        }
        return List.copyOf(serials);
    }
}
