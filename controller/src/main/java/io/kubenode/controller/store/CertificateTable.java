package io.kubenode.controller.store;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every certificate the controller signed (nodes and admins), so that revoking a node can name every serial it holds
 * and any certificate can be revoked by serial.
 */
final class CertificateTable {
    private static final String SELECT = "SELECT i.serial, i.node_name, i.not_after, i.issued_at, i.kind,"
            + " r.serial IS NOT NULL AS revoked FROM issued_certificate i"
            + " LEFT JOIN certificate_revocation r ON r.serial = i.serial ";

    private CertificateTable() {
    }

    static Void record(Connection connection, IssuedCertificate.Kind kind, String subject, BigInteger serial,
                       Instant notAfter, String who, String action, Instant at) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO issued_certificate (serial,"
                + " node_name, not_after, issued_at, kind) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, serial.toString(16));
            insert.setString(2, subject);
            insert.setLong(3, notAfter.toEpochMilli());
            insert.setLong(4, at.toEpochMilli());
            insert.setString(5, kind.stored());
            insert.executeUpdate();
        }
        AuditLog.append(connection, at, who, action, kind.stored() + "/" + subject,
                "serial " + serial.toString(16) + ", valid until " + notAfter);
        return null;
    }

    /**
     * Records a renewed node certificate only while the certificate that asked for it ({@code renewedWith}) is
     * unrevoked, in one transaction: a revocation either comes first (then nothing is recorded and false is
     * returned) or after (then it finds and revokes the new serial too).
     */
    static boolean recordRenewal(Connection connection, String nodeName, BigInteger renewedWith, BigInteger serial,
                                 Instant notAfter, Instant at) throws SQLException {
        if (NodeTables.isRevoked(connection, renewedWith)) {
            AuditLog.append(connection, at, nodeName, "node.renew.refused", "node/" + nodeName,
                    "serial " + renewedWith.toString(16) + " was revoked while its renewal was being signed");
            return false;
        }
        record(connection, IssuedCertificate.Kind.NODE, nodeName, serial, notAfter, nodeName, "node.renew", at);
        return true;
    }

    /** Every certificate of {@code kind} (null: every kind), by subject then issue time. */
    static List<IssuedCertificate> list(Connection connection, IssuedCertificate.Kind kind) throws SQLException {
        String where = kind == null ? "" : "WHERE i.kind = ? ";
        try (PreparedStatement select = connection.prepareStatement(SELECT + where
                + "ORDER BY i.node_name, i.issued_at")) {
            if (kind != null) {
                select.setString(1, kind.stored());
            }
            return rows(select);
        }
    }

    static Optional<IssuedCertificate> find(Connection connection, BigInteger serial) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT + "WHERE i.serial = ?")) {
            select.setString(1, serial.toString(16));
            return rows(select).stream().findFirst();
        }
    }

    /**
     * Revokes one recorded certificate of any kind; empty if the serial was never recorded (a certificate this
     * controller did not sign, or signed before it recorded that kind).
     */
    static Optional<SerialRevocation> revokeSerial(Connection connection, BigInteger serial, String who, Instant at)
            throws SQLException {
        Optional<IssuedCertificate> found = find(connection, serial);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        boolean newly = NodeTables.revoke(connection, found.get().subject(), serial, who, at,
                found.get().kind().stored() + "/" + found.get().subject());
        return Optional.of(new SerialRevocation(find(connection, serial).orElseThrow(), newly));
    }

    /** Revokes every unrevoked node certificate issued to the node, in the caller's transaction. */
    static List<BigInteger> revokeNode(Connection connection, String nodeName, String who, Instant at)
            throws SQLException {
        List<BigInteger> serials = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT i.serial FROM issued_certificate i"
                + " LEFT JOIN certificate_revocation r ON r.serial = i.serial"
                + " WHERE i.node_name = ? AND i.kind = 'node' AND r.serial IS NULL ORDER BY i.issued_at")) {
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

    private static List<IssuedCertificate> rows(PreparedStatement select) throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            List<IssuedCertificate> issued = new ArrayList<>();
            while (rows.next()) {
                issued.add(new IssuedCertificate(rows.getString("node_name"),
                        new BigInteger(rows.getString("serial"), 16), Instant.ofEpochMilli(rows.getLong("not_after")),
                        Instant.ofEpochMilli(rows.getLong("issued_at")), rows.getBoolean("revoked"),
                        IssuedCertificate.Kind.ofStored(rows.getString("kind"))));
            }
            return List.copyOf(issued);
        }
    }
}
