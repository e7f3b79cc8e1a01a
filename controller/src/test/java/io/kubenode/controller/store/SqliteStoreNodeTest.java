package io.kubenode.controller.store;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class SqliteStoreNodeTest extends WithOpenStore {
    private static final BigInteger SERIAL = new BigInteger("7f3a9c0012ab34cd56ef7890aabbccdd", 16);

    @Test
    void aRevokedSerialIsRevokedAndOthersAreNot() {
        assertThat(store.revokeCertificate("node1.internal", SERIAL, "alice")).isTrue();

        assertThat(store.isRevoked(SERIAL)).isTrue();
        assertThat(store.isRevoked(SERIAL.add(BigInteger.ONE))).isFalse();
    }

    @Test
    void revocationsAreListedNewestFirstWithWhoAndWhen() {
        store.revokeCertificate("node1.internal", SERIAL, "alice");
        clock.advance(Duration.ofMinutes(1));
        store.revokeCertificate("node2.internal", BigInteger.TWO, "bob");

        assertThat(store.revocations()).containsExactly(
                new CertificateRevocation("node2.internal", BigInteger.TWO, "bob", START.plusSeconds(60)),
                new CertificateRevocation("node1.internal", SERIAL, "alice", START));
    }

    @Test
    void revokingASerialTwiceKeepsTheFirstRevocationAndOneAuditRow() {
        store.revokeCertificate("node1.internal", SERIAL, "alice");

        assertThat(store.revokeCertificate("node1.internal", SERIAL, "bob")).isFalse();
        assertThat(store.revocations()).extracting(CertificateRevocation::revokedBy).containsExactly("alice");
        assertThat(store.audit(10)).extracting(AuditEntry::who, AuditEntry::action, AuditEntry::object,
                AuditEntry::summary).containsExactly(tuple("alice", "certificate.revoke", "node/node1.internal",
                "serial " + SERIAL.toString(16)));
    }

    @Test
    void theFirstCatalogOfANodeIsGenerationOne() {
        NodeGeneration first = store.recordCatalog("node1.internal", "sha256:aaa");

        assertThat(first).isEqualTo(new NodeGeneration("node1.internal", 1, "sha256:aaa", START));
        assertThat(store.nodeGeneration("node1.internal")).contains(first);
    }

    @Test
    void anUnchangedCatalogKeepsItsGeneration() {
        store.recordCatalog("node1.internal", "sha256:aaa");
        clock.advance(Duration.ofMinutes(1));

        assertThat(store.recordCatalog("node1.internal", "sha256:aaa"))
                .isEqualTo(new NodeGeneration("node1.internal", 1, "sha256:aaa", START));
    }

    @Test
    void aChangedCatalogMovesOnlyThatNodesGeneration() {
        store.recordCatalog("node1.internal", "sha256:aaa");
        store.recordCatalog("node2.internal", "sha256:bbb");
        clock.advance(Duration.ofMinutes(1));

        store.recordCatalog("node1.internal", "sha256:ccc");
        store.recordCatalog("node2.internal", "sha256:bbb");

        assertThat(store.nodeGenerations()).containsExactly(
                new NodeGeneration("node1.internal", 2, "sha256:ccc", START.plusSeconds(60)),
                new NodeGeneration("node2.internal", 1, "sha256:bbb", START));
    }

    @Test
    void aNodeWithoutACatalogHasNoGeneration() {
        assertThat(store.nodeGeneration("node9.internal")).isEmpty();
    }

    @Test
    void aClusterPutRecordsItsCatalogsInTheSameTransactionAndNamesTheNodesThatChanged() {
        store.putCluster("v1", 0, "admin", "created", List.of(new CatalogRecord("node1.internal", "sha256:aaa"),
                new CatalogRecord("node2.internal", "sha256:bbb")));

        ClusterPut put = store.putCluster("v2", 1, "admin", "edited", List.of(
                new CatalogRecord("node1.internal", "sha256:ccc"), new CatalogRecord("node2.internal", "sha256:bbb")));
        ClusterPut stale = store.putCluster("v3", 1, "admin", "stale", List.of(
                new CatalogRecord("node1.internal", "sha256:ddd")));

        assertThat(((ClusterPut.Stored) put).changedNodes()).containsExactly("node1.internal");
        assertThat(((ClusterPut.Stored) put).generations()).extracting(NodeGeneration::generation)
                .containsExactly(2L, 1L);
        assertThat(stale).isInstanceOf(ClusterPut.Conflict.class);
        assertThat(store.nodeGeneration("node1.internal")).map(NodeGeneration::contentHash)
                .as("a conflicting put records no catalog").contains("sha256:ccc");
    }

    @Test
    void issuedCertificatesAreListedAndRevokingANodeRevokesEachOfItsUnrevokedSerialsOnce() {
        store.recordIssuedCertificate("node1.internal", BigInteger.valueOf(11), START.plusSeconds(3600), "node.enroll");
        store.recordIssuedCertificate("node1.internal", BigInteger.valueOf(12), START.plusSeconds(7200), "node.renew");
        store.recordIssuedCertificate("node2.internal", BigInteger.valueOf(21), START.plusSeconds(3600), "node.enroll");

        List<BigInteger> revoked = store.revokeNode("node1.internal", "alice");

        assertThat(revoked).containsExactly(BigInteger.valueOf(11), BigInteger.valueOf(12));
        assertThat(store.revokeNode("node1.internal", "alice")).isEmpty();
        assertThat(store.issuedCertificates()).extracting(IssuedCertificate::serial, IssuedCertificate::revoked)
                .containsExactly(tuple(BigInteger.valueOf(11), true), tuple(BigInteger.valueOf(12), true),
                        tuple(BigInteger.valueOf(21), false));
        assertThat(store.isRevoked(BigInteger.valueOf(21))).isFalse();
        assertThat(store.audit(10)).extracting(AuditEntry::action).contains("node.enroll", "node.renew",
                "certificate.revoke");
    }
}
