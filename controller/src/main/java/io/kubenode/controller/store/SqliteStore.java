package io.kubenode.controller.store;

import io.kubenode.controller.orchestration.OrchestrationEvent;
import io.kubenode.controller.orchestration.OrchestrationRecord;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded store: SQLite in {@code DATA_DIR/kubenode.db} (WAL, synchronous=FULL, foreign keys on), checked with
 * {@code PRAGMA integrity_check} at open. Each method is one transaction on one serialised connection (see
 * {@link SqliteDatabase}); the tables live in {@link ClusterTable}, {@link AuditLog}, {@link TokenTable},
 * {@link NodeTables}, {@link SecretTable} and {@link OrchestrationTable}.
 */
public final class SqliteStore implements Store {
    private final SqliteDatabase db;

    private SqliteStore(SqliteDatabase db) {
        this.db = db;
    }

    /**
     * Opens or creates the store in {@code dataDir} (made 0700; the database files 0600).
     *
     * @throws StoreCorruptedException if the database fails its integrity check
     */
    public static SqliteStore open(Path dataDir) {
        return open(dataDir, Clock.systemUTC());
    }

    public static SqliteStore open(Path dataDir, Clock clock) {
        return new SqliteStore(SqliteDatabase.open(dataDir, clock));
    }

    @Override
    public Optional<ClusterRevision> currentCluster() {
        return db.read("read the cluster document", ClusterTable::current);
    }

    @Override
    public ClusterPut putCluster(String text, long expectedVersion, String who, String summary,
                                 List<CatalogRecord> catalogs, OrchestrationRecord orchestration) {
        return db.write("store the cluster document", c -> {
            Instant now = db.now();
            ClusterPut put = ClusterTable.put(c, text, expectedVersion, who, summary, catalogs, now);
            if (put instanceof ClusterPut.Stored && orchestration != null) {
                OrchestrationTable.write(c, orchestration, now);
            }
            return put;
        });
    }

    @Override
    public List<ClusterRevision> clusterHistory() {
        return db.read("read the cluster history", ClusterTable::history);
    }

    @Override
    public Optional<ClusterRevision> clusterRevision(long version) {
        return db.read("read cluster revision " + version, c -> ClusterTable.revision(c, version));
    }

    @Override
    public void appendAudit(String who, String action, String object, String summary) {
        db.write("audit " + action, c -> {
            AuditLog.append(c, db.now(), who, action, object, summary);
            return null;
        });
    }

    @Override
    public List<AuditEntry> audit(int limit) {
        return db.read("read the audit log", c -> AuditLog.newest(c, limit));
    }

    @Override
    public boolean addToken(NewToken token) {
        return db.write("add token " + token.id(), c -> TokenTable.add(c, token, db.now()));
    }

    @Override
    public List<TokenInfo> tokens() {
        return db.read("list tokens", TokenTable::list);
    }

    @Override
    public boolean revokeToken(String id, String who) {
        return db.write("revoke token " + id, c -> TokenTable.revoke(c, id, who, db.now()));
    }

    @Override
    public TokenCheck consumeToken(String id, byte[] secretHash, String nodeName, String protectedReason) {
        return db.write("consume token " + id,
                c -> TokenTable.consume(c, id, secretHash, nodeName, protectedReason, db.now()));
    }

    @Override
    public TokenCheck checkToken(String id, byte[] secretHash, String nodeName) {
        return db.read("check token " + id, c -> TokenTable.check(c, id, secretHash, nodeName, db.now()).check());
    }

    @Override
    public boolean revokeCertificate(String nodeName, BigInteger serial, String who) {
        return db.write("revoke the certificate of " + nodeName,
                c -> NodeTables.revoke(c, nodeName, serial, who, db.now()));
    }

    @Override
    public void recordIssuedCertificate(String nodeName, BigInteger serial, Instant notAfter, String action) {
        db.write("record the certificate of " + nodeName, c -> CertificateTable.record(c,
                IssuedCertificate.Kind.NODE, nodeName, serial, notAfter, nodeName, action, db.now()));
    }

    @Override
    public boolean recordRenewedCertificate(String nodeName, BigInteger renewedWith, BigInteger serial,
                                            Instant notAfter) {
        return db.write("record the renewed certificate of " + nodeName,
                c -> CertificateTable.recordRenewal(c, nodeName, renewedWith, serial, notAfter, db.now()));
    }

    @Override
    public void recordCertificate(IssuedCertificate.Kind kind, String subject, BigInteger serial, Instant notAfter,
                                  String who) {
        db.write("record the " + kind.stored() + " certificate of " + subject, c -> CertificateTable.record(c, kind,
                subject, serial, notAfter, who, kind.stored() + ".certificate.issue", db.now()));
    }

    @Override
    public List<IssuedCertificate> issuedCertificates() {
        return db.read("list issued certificates", c -> CertificateTable.list(c, IssuedCertificate.Kind.NODE));
    }

    @Override
    public List<IssuedCertificate> allIssuedCertificates() {
        return db.read("list issued certificates", c -> CertificateTable.list(c, null));
    }

    @Override
    public Optional<IssuedCertificate> issuedCertificate(BigInteger serial) {
        return db.read("find certificate " + serial.toString(16), c -> CertificateTable.find(c, serial));
    }

    @Override
    public Optional<SerialRevocation> revokeSerial(BigInteger serial, String who) {
        return db.write("revoke certificate " + serial.toString(16),
                c -> CertificateTable.revokeSerial(c, serial, who, db.now()));
    }

    @Override
    public List<BigInteger> revokeNode(String nodeName, String who) {
        return db.write("revoke the certificates of " + nodeName,
                c -> CertificateTable.revokeNode(c, nodeName, who, db.now()));
    }

    @Override
    public boolean isRevoked(BigInteger serial) {
        return db.read("check a revocation", c -> NodeTables.isRevoked(c, serial));
    }

    @Override
    public List<CertificateRevocation> revocations() {
        return db.read("list revocations", NodeTables::revocations);
    }

    @Override
    public NodeGeneration recordCatalog(String nodeName, String contentHash) {
        return db.write("record the catalog of " + nodeName,
                c -> NodeTables.recordCatalog(c, nodeName, contentHash, db.now()));
    }

    @Override
    public Optional<NodeGeneration> nodeGeneration(String nodeName) {
        return db.read("read the generation of " + nodeName, c -> NodeTables.generation(c, nodeName));
    }

    @Override
    public List<NodeGeneration> nodeGenerations() {
        return db.read("list node generations", NodeTables::generations);
    }

    @Override
    public boolean putSecretsIfAbsent(Map<String, byte[]> sealed, String who) {
        if (sealed.isEmpty()) {
            throw new IllegalArgumentException("no secrets to store");
        }
        Map<String, byte[]> copy = new LinkedHashMap<>();
        sealed.forEach((name, bytes) -> copy.put(name, bytes.clone()));
        return db.write("store secrets " + String.join(", ", copy.keySet()),
                c -> SecretTable.putAllIfAbsent(c, copy, who, db.now()));
    }

    @Override
    public Optional<byte[]> sealedSecret(String name) {
        return db.read("read secret " + name, c -> SecretTable.sealed(c, name));
    }

    @Override
    public List<String> secretNames() {
        return db.read("list secrets", SecretTable::names);
    }

    @Override
    public Optional<OrchestrationRecord> orchestration() {
        return db.read("read the orchestration record", OrchestrationTable::current);
    }

    @Override
    public OrchestrationWrite putOrchestration(OrchestrationRecord record, List<CatalogRecord> catalogs,
                                               List<OrchestrationEvent> events) {
        return db.write("store the orchestration record",
                c -> OrchestrationTable.put(c, record, catalogs, events, db.now()));
    }

    /**
     * {@code VACUUM INTO} a new 0600 file: a consistent snapshot taken while the store stays open, then fsynced.
     * Creating the file first makes "refuse to overwrite" atomic; SQLite accepts an empty target.
     */
    @Override
    public void backup(Path target) {
        try {
            OwnerOnlyFiles.createEmpty(target);
        } catch (IOException e) {
            throw new StoreException("cannot back up to " + target + ": " + (Files.exists(target)
                    ? "it exists already; choose a new file" : e.getMessage()), e);
        }
        try {
            db.read("back up to " + target, c -> {
                try (PreparedStatement vacuum = c.prepareStatement("VACUUM INTO ?")) {
                    vacuum.setString(1, target.toAbsolutePath().toString());
                    return vacuum.execute();
                }
            });
            try (FileChannel file = FileChannel.open(target, StandardOpenOption.WRITE)) {
                file.force(true);
            }
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(target);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof StoreException store ? store
                    : new StoreException("cannot back up to " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        db.close();
    }
}
