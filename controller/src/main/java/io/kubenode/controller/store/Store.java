package io.kubenode.controller.store;

import io.kubenode.controller.orchestration.OrchestrationEvent;
import io.kubenode.controller.orchestration.OrchestrationRecord;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The controller's durable state: the cluster document with its history, the audit log, bootstrap tokens, node
 * certificate revocations, per-node catalog generations and sealed secrets. The embedded default is {@link SqliteStore}; an
 * etcd-backed store (the k3s/kine split) implements the same interface, so nothing here names SQL or JDBC.
 *
 * <p>Every method blocks on disk I/O: callers on a Vert.x event loop must run them on a worker
 * ({@code executeBlocking}). Every change is durable when the method returns and writes its audit row in the same
 * transaction. Failures are {@link StoreException}s.
 */
public interface Store extends AutoCloseable {

    /**
     * The newest cluster document. The store keeps the text exactly as submitted (comments and key order stay what
     * the admin wrote, so {@code edit} and {@code rollback} give back their own document); parsing and validation
     * happen before {@link #putCluster}.
     */
    Optional<ClusterRevision> currentCluster();

    /**
     * Stores {@code text} as the next revision if the current resourceVersion is {@code expectedVersion} (0: only
     * if there is no document yet). The first revision is 1. A stale expectation stores nothing and returns
     * {@link ClusterPut.Conflict} with the current version.
     */
    default ClusterPut putCluster(String text, long expectedVersion, String who, String summary) {
        return putCluster(text, expectedVersion, who, summary, List.of());
    }

    /**
     * As above, and records the catalogs compiled from {@code text} in the same transaction, so a node's generation
     * and the revision it came from are never out of step (see {@link #recordCatalog} for when a generation moves).
     */
    default ClusterPut putCluster(String text, long expectedVersion, String who, String summary,
                                  List<CatalogRecord> catalogs) {
        return putCluster(text, expectedVersion, who, summary, catalogs, null);
    }

    /**
     * As above, and when {@code orchestration} is not null it replaces the orchestration record in the same
     * transaction (a revision's rollout, which decides which nodes' catalogs are held back, is never stored apart
     * from the catalogs it holds). Nothing of it is written on a conflict.
     */
    ClusterPut putCluster(String text, long expectedVersion, String who, String summary,
                          List<CatalogRecord> catalogs, OrchestrationRecord orchestration);

    /** Every revision ever stored, oldest first. */
    List<ClusterRevision> clusterHistory();

    Optional<ClusterRevision> clusterRevision(long version);

    /** The newest {@code limit} audit entries, newest first. */
    List<AuditEntry> audit(int limit);

    /**
     * Appends one audit entry for something done outside the store (a kubeconfig minted from the cluster CA, which
     * has no table of its own); {@code summary} must hold no secret.
     */
    void appendAudit(String who, String action, String object, String summary);

    /** Adds a token; false (and nothing stored) if a token with that id exists already. */
    boolean addToken(NewToken token);

    /** Every token, revoked and expired ones included; secret hashes never leave the store. */
    List<TokenInfo> tokens();

    /** Revokes the token; false if there is no token with that id. */
    boolean revokeToken(String id, String who);

    /**
     * Checks the token against {@code secretHash} (in constant time), revocation, expiry, uses left and node binding,
     * and on success takes one use, all in one transaction. A wrong secret reads as {@link TokenCheck#UNKNOWN} so a
     * caller cannot probe which ids exist.
     */
    default TokenCheck consumeToken(String id, byte[] secretHash, String nodeName) {
        return consumeToken(id, secretHash, nodeName, null);
    }

    /**
     * As above, and when {@code protectedReason} is not null (the name holds a valid certificate or is a control
     * plane; the reason says which) an unbound token is refused with {@link TokenCheck#NEEDS_BOUND_TOKEN}, takes no
     * use, and the refusal is written to the audit log.
     */
    TokenCheck consumeToken(String id, byte[] secretHash, String nodeName, String protectedReason);

    /**
     * The checks of {@link #consumeToken} (without the protected-name rule) and nothing else: no use taken, no audit
     * entry. For a cheap refusal before the work a valid token pays for.
     */
    TokenCheck checkToken(String id, byte[] secretHash, String nodeName);

    /** Records a certificate signed for a node; {@code action} (enroll, renew) goes to the audit log. */
    void recordIssuedCertificate(String nodeName, BigInteger serial, Instant notAfter, String action);

    /**
     * Records a node certificate renewed with the node's certificate {@code renewedWith}, only if that one is still
     * unrevoked, checked in the same transaction: false (nothing recorded) if it was revoked meanwhile. Revocations
     * and records serialise, so a renewal either is refused or is recorded before a revocation that then finds it.
     */
    boolean recordRenewedCertificate(String nodeName, BigInteger renewedWith, BigInteger serial, Instant notAfter);

    /** Records a certificate of any kind, e.g. an admin's; {@code who} made it (audit log). */
    void recordCertificate(IssuedCertificate.Kind kind, String subject, BigInteger serial, Instant notAfter,
                           String who);

    /** Every certificate ever signed for a node, by node name then issue time. */
    List<IssuedCertificate> issuedCertificates();

    /** Every certificate recorded, of every kind, by subject then issue time. */
    List<IssuedCertificate> allIssuedCertificates();

    Optional<IssuedCertificate> issuedCertificate(BigInteger serial);

    /** Revokes a recorded certificate of any kind by serial; empty if no certificate with that serial is recorded. */
    Optional<SerialRevocation> revokeSerial(BigInteger serial, String who);

    /** Revokes every unrevoked certificate signed for the node; returns their serials (empty: none to revoke). */
    List<BigInteger> revokeNode(String nodeName, String who);

    /** Revokes a node certificate by serial; false if that serial was revoked already. */
    boolean revokeCertificate(String nodeName, BigInteger serial, String who);

    boolean isRevoked(BigInteger serial);

    /** Every revocation, newest first. */
    List<CertificateRevocation> revocations();

    /**
     * Records a node's freshly compiled catalog. The generation moves (starting at 1) only when {@code contentHash}
     * differs from the last one recorded for that node; an unchanged catalog keeps its generation.
     */
    NodeGeneration recordCatalog(String nodeName, String contentHash);

    Optional<NodeGeneration> nodeGeneration(String nodeName);

    /** Every node's generation, by node name. */
    List<NodeGeneration> nodeGenerations();

    /**
     * Stores sealed secrets by name (ciphertext made by the caller; the store never sees a key or a plaintext), all
     * in one transaction and only if none of the names exists yet: false, and nothing stored, when any does. Two
     * callers racing to create the same set thus leave exactly one set; the loser reads the winner's.
     */
    boolean putSecretsIfAbsent(Map<String, byte[]> sealed, String who);

    /** The sealed bytes stored under {@code name}, exactly as put. */
    Optional<byte[]> sealedSecret(String name);

    /** The names of every sealed secret, sorted. */
    List<String> secretNames();

    /** The orchestration record last written; empty before the orchestrator's first decision. */
    Optional<OrchestrationRecord> orchestration();

    /**
     * Replaces the orchestration record and, in the same transaction, records {@code catalogs} (the nodes a decision
     * changed, compiled with the new record; see {@link #recordCatalog} for when a generation moves) and appends one
     * audit row per event ({@code orchestration.<action>}, object = the node's name, or {@code cluster}). A crash
     * leaves the old record with the old generations or the new record with the new ones, never a mix.
     */
    OrchestrationWrite putOrchestration(OrchestrationRecord record, List<CatalogRecord> catalogs,
                                        List<OrchestrationEvent> events);

    /** Writes a consistent copy of the whole store to {@code target}, which must not exist yet. */
    void backup(Path target);

    @Override
    void close();
}
