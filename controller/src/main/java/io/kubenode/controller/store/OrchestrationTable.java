package io.kubenode.controller.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kubenode.common.document.Documents;
import io.kubenode.controller.orchestration.OrchestrationEvent;
import io.kubenode.controller.orchestration.OrchestrationRecord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The orchestration record: one JSON document in one row. Written together with the catalog generations of the nodes
 * a decision changed and the audit rows of its events, in the caller's transaction, so a crash leaves the old record
 * with the old generations or the new with the new, never a mix.
 */
final class OrchestrationTable {
    /** Who the audit log names for the orchestrator's own changes. */
    static final String WHO = "orchestrator";

    private OrchestrationTable() {
    }

    static Optional<OrchestrationRecord> current(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT document FROM orchestration WHERE id = 1");
             ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                return Optional.empty();
            }
            String document = row.getString(1);
            try {
                return Optional.of(Documents.json().readValue(document, OrchestrationRecord.class));
            } catch (JsonProcessingException e) {
                throw new StoreException("the stored orchestration record does not read as one: "
                        + e.getOriginalMessage());
            }
        }
    }

    static OrchestrationWrite put(Connection connection, OrchestrationRecord record, List<CatalogRecord> catalogs,
                                  List<OrchestrationEvent> events, Instant at) throws SQLException {
        write(connection, record, at);
        NodeTables.RecordedCatalogs recorded = NodeTables.recordCatalogs(connection, catalogs, at);
        for (OrchestrationEvent event : events) {
            String who = event.who() == null ? WHO : event.who();
            AuditLog.append(connection, at, who, "orchestration." + event.action(),
                    event.node() == null ? "cluster" : event.node(), summary(event));
        }
        return new OrchestrationWrite(recorded.generations(), recorded.changed());
    }

    /** Replaces the record alone (within a caller's transaction). */
    static void write(Connection connection, OrchestrationRecord record, Instant at) throws SQLException {
        String document;
        try {
            document = Documents.json().writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the orchestration record does not serialise: " + e.getMessage(), e);
        }
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO orchestration (id, document,"
                + " updated_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET document = excluded.document,"
                + " updated_at = excluded.updated_at")) {
            upsert.setString(1, document);
            upsert.setLong(2, at.toEpochMilli());
            upsert.executeUpdate();
        }
    }

    private static String summary(OrchestrationEvent event) {
        String detail = event.detail() == null ? "" : event.detail();
        return event.step() == null ? detail : event.step() + ": " + detail;
    }
}
