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
import java.util.Set;
import java.util.TreeSet;

/** Per-node state: certificate revocations (serials as lowercase hex) and compiled catalog generations. */
final class NodeTables {
    private NodeTables() {
    }

    static boolean revoke(Connection connection, String nodeName, BigInteger serial, String who, Instant at)
            throws SQLException {
        return revoke(connection, nodeName, serial, who, at, "node/" + nodeName);
    }

    /** Revokes {@code serial} (issued to {@code subject}); {@code object} names it in the audit log. */
    static boolean revoke(Connection connection, String subject, BigInteger serial, String who, Instant at,
                          String object) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO certificate_revocation (serial,"
                + " node_name, revoked_by, revoked_at) VALUES (?, ?, ?, ?) ON CONFLICT (serial) DO NOTHING")) {
            insert.setString(1, serial.toString(16));
            insert.setString(2, subject);
            insert.setString(3, who);
            insert.setLong(4, at.toEpochMilli());
            if (insert.executeUpdate() == 0) {
                return false;
            }
        }
        AuditLog.append(connection, at, who, "certificate.revoke", object, "serial " + serial.toString(16));
        return true;
    }

    static boolean isRevoked(Connection connection, BigInteger serial) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM certificate_revocation WHERE serial = ?")) {
            select.setString(1, serial.toString(16));
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    static List<CertificateRevocation> revocations(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT serial, node_name, revoked_by,"
                + " revoked_at FROM certificate_revocation ORDER BY revoked_at DESC, rowid DESC");
             ResultSet rows = select.executeQuery()) {
            List<CertificateRevocation> revocations = new ArrayList<>();
            while (rows.next()) {
                revocations.add(new CertificateRevocation(rows.getString("node_name"),
                        new BigInteger(rows.getString("serial"), 16), rows.getString("revoked_by"),
                        Instant.ofEpochMilli(rows.getLong("revoked_at"))));
            }
            return List.copyOf(revocations);
        }
    }

    /** The generations after recording {@code catalogs}, and the nodes whose generation moved. */
    record RecordedCatalogs(List<NodeGeneration> generations, Set<String> changed) {
    }

    /** {@link #recordCatalog} for each catalog, in the caller's transaction. */
    static RecordedCatalogs recordCatalogs(Connection connection, List<CatalogRecord> catalogs, Instant at)
            throws SQLException {
        List<NodeGeneration> generations = new ArrayList<>();
        Set<String> changed = new TreeSet<>();
        for (CatalogRecord catalog : catalogs) {
            long before = generation(connection, catalog.nodeName()).map(NodeGeneration::generation).orElse(0L);
            NodeGeneration after = recordCatalog(connection, catalog.nodeName(), catalog.contentHash(), at);
            generations.add(after);
            if (after.generation() != before) {
                changed.add(catalog.nodeName());
            }
        }
        return new RecordedCatalogs(generations, changed);
    }

    static NodeGeneration recordCatalog(Connection connection, String nodeName, String contentHash, Instant at)
            throws SQLException {
        Optional<NodeGeneration> last = generation(connection, nodeName);
        if (last.isPresent() && last.get().contentHash().equals(contentHash)) {
            return last.get();
        }
        NodeGeneration next = new NodeGeneration(nodeName, last.map(NodeGeneration::generation).orElse(0L) + 1,
                contentHash, at);
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO node_generation (node_name,"
                + " generation, content_hash, changed_at) VALUES (?, ?, ?, ?) ON CONFLICT (node_name)"
                + " DO UPDATE SET generation = excluded.generation, content_hash = excluded.content_hash,"
                + " changed_at = excluded.changed_at")) {
            upsert.setString(1, nodeName);
            upsert.setLong(2, next.generation());
            upsert.setString(3, contentHash);
            upsert.setLong(4, at.toEpochMilli());
            upsert.executeUpdate();
        }
        return next;
    }

    static Optional<NodeGeneration> generation(Connection connection, String nodeName) throws SQLException {
        return generations(connection, "WHERE node_name = ?", nodeName).stream().findFirst();
    }

    static List<NodeGeneration> generations(Connection connection) throws SQLException {
        return generations(connection, "ORDER BY node_name");
    }

    private static List<NodeGeneration> generations(Connection connection, String clause, String... parameters)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT node_name, generation, content_hash, changed_at FROM node_generation " + clause)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setString(i + 1, parameters[i]);
            }
            List<NodeGeneration> generations = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    generations.add(new NodeGeneration(rows.getString("node_name"), rows.getLong("generation"),
                            rows.getString("content_hash"), Instant.ofEpochMilli(rows.getLong("changed_at"))));
                }
            }
            return List.copyOf(generations);
        }
    }
}
