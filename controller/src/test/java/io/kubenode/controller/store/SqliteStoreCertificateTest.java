package io.kubenode.controller.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class SqliteStoreCertificateTest extends WithOpenStore {
    private static final BigInteger ENROLLED = BigInteger.valueOf(0x11);
    private static final BigInteger RENEWED = BigInteger.valueOf(0x12);

    @TempDir
    Path otherDir;

    @Test
    void aRenewalIsRecordedOnlyWhileTheCertificateThatAskedIsUnrevoked() {
        store.recordIssuedCertificate("node1.internal", ENROLLED, START.plusSeconds(3600), "node.enroll");

        assertThat(store.recordRenewedCertificate("node1.internal", ENROLLED, RENEWED, START.plusSeconds(7200)))
                .isTrue();
        store.revokeNode("node1.internal", "alice");
        assertThat(store.recordRenewedCertificate("node1.internal", RENEWED, BigInteger.valueOf(0x13),
                START.plusSeconds(7200))).as("renewed with a revoked certificate").isFalse();

        assertThat(store.issuedCertificates()).extracting(IssuedCertificate::serial, IssuedCertificate::revoked)
                .containsExactly(tuple(ENROLLED, true), tuple(RENEWED, true));
        assertThat(store.audit(1).get(0).action()).isEqualTo("node.renew.refused");
    }

    @Test
    void adminCertificatesAreRecordedApartFromNodesAndRevocableBySerial() {
        BigInteger admin = BigInteger.valueOf(0xa1);
        store.recordIssuedCertificate("node1.internal", ENROLLED, START.plusSeconds(3600), "node.enroll");
        store.recordCertificate(IssuedCertificate.Kind.ADMIN, "carol", admin, START.plus(Duration.ofDays(365)),
                "kubenode-controller");

        assertThat(store.issuedCertificates()).extracting(IssuedCertificate::subject).containsExactly(
                "node1.internal");
        assertThat(store.allIssuedCertificates()).extracting(IssuedCertificate::subject, IssuedCertificate::kind)
                .containsExactly(tuple("carol", IssuedCertificate.Kind.ADMIN),
                        tuple("node1.internal", IssuedCertificate.Kind.NODE));
        assertThat(store.revokeNode("carol", "alice")).as("node revoke never touches an admin").isEmpty();

        SerialRevocation revoked = store.revokeSerial(admin, "alice").orElseThrow();
        assertThat(revoked.newlyRevoked()).isTrue();
        assertThat(revoked.certificate().revoked()).isTrue();
        assertThat(store.revokeSerial(admin, "bob").orElseThrow().newlyRevoked()).isFalse();
        assertThat(store.revokeSerial(BigInteger.valueOf(0xdead), "alice")).as("never recorded").isEmpty();
        assertThat(store.isRevoked(admin)).isTrue();
        assertThat(store.audit(10)).anyMatch(entry -> entry.action().equals("admin.certificate.issue")
                && entry.object().equals("admin/carol"));
        assertThat(store.audit(10)).anyMatch(entry -> entry.action().equals("certificate.revoke")
                && entry.object().equals("admin/carol") && entry.who().equals("alice"));
    }

    @Test
    void aStoreOfThePreviousSchemaOpensAndItsCertificatesAreNodeCertificates() throws Exception {
        Files.createDirectories(otherDir);
        try (Connection old = DriverManager.getConnection("jdbc:sqlite:" + otherDir.resolve("kubenode.db"));
             Statement sql = old.createStatement()) {
            for (String statement : List.of(
                    "CREATE TABLE schema_version (version INTEGER NOT NULL)",
                    "CREATE TABLE cluster_revision (version INTEGER PRIMARY KEY, text TEXT NOT NULL,"
                            + " author TEXT NOT NULL, created_at INTEGER NOT NULL)",
                    "CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, who TEXT NOT NULL,"
                            + " action TEXT NOT NULL, object TEXT NOT NULL, summary TEXT NOT NULL)",
                    "CREATE TABLE bootstrap_token (id TEXT PRIMARY KEY, secret_hash BLOB NOT NULL,"
                            + " expires_at INTEGER NOT NULL, uses_left INTEGER NOT NULL CHECK (uses_left >= 0),"
                            + " node_name TEXT, created_by TEXT NOT NULL, created_at INTEGER NOT NULL,"
                            + " revoked_at INTEGER)",
                    "CREATE TABLE certificate_revocation (serial TEXT PRIMARY KEY, node_name TEXT NOT NULL,"
                            + " revoked_by TEXT NOT NULL, revoked_at INTEGER NOT NULL)",
                    "CREATE TABLE node_generation (node_name TEXT PRIMARY KEY, generation INTEGER NOT NULL,"
                            + " content_hash TEXT NOT NULL, changed_at INTEGER NOT NULL)",
                    "CREATE TABLE issued_certificate (serial TEXT PRIMARY KEY, node_name TEXT NOT NULL,"
                            + " not_after INTEGER NOT NULL, issued_at INTEGER NOT NULL)",
                    "CREATE INDEX issued_certificate_node ON issued_certificate (node_name)",
                    "INSERT INTO schema_version VALUES (3)",
                    "INSERT INTO issued_certificate VALUES ('11', 'node1.internal', 1900000000000, 1700000000000)")) {
                sql.execute(statement);
            }
        }

        try (SqliteStore migrated = SqliteStore.open(otherDir, clock)) {
            assertThat(migrated.issuedCertificates()).extracting(IssuedCertificate::serial, IssuedCertificate::kind)
                    .containsExactly(tuple(ENROLLED, IssuedCertificate.Kind.NODE));
            assertThat(migrated.revokeNode("node1.internal", "alice")).containsExactly(ENROLLED);
        }
    }
}
