package io.kubenode.controller.store;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Duration;

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
        NodeGeneration first = store.recordCatalog("node1.internal", "sha256:aaa", "{\"a\":1}");

        assertThat(first).isEqualTo(new NodeGeneration("node1.internal", 1, "sha256:aaa", START));
        assertThat(store.nodeGeneration("node1.internal")).contains(first);
        assertThat(store.catalog("node1.internal")).contains("{\"a\":1}");
    }

    @Test
    void anUnchangedCatalogKeepsItsGeneration() {
        store.recordCatalog("node1.internal", "sha256:aaa", "{\"a\":1}");
        clock.advance(Duration.ofMinutes(1));

        assertThat(store.recordCatalog("node1.internal", "sha256:aaa", "{\"a\":1}"))
                .isEqualTo(new NodeGeneration("node1.internal", 1, "sha256:aaa", START));
    }

    @Test
    void aChangedCatalogMovesOnlyThatNodesGeneration() {
        store.recordCatalog("node1.internal", "sha256:aaa", "{\"a\":1}");
        store.recordCatalog("node2.internal", "sha256:bbb", "{\"b\":1}");
        clock.advance(Duration.ofMinutes(1));

        store.recordCatalog("node1.internal", "sha256:ccc", "{\"a\":2}");
        store.recordCatalog("node2.internal", "sha256:bbb", "{\"b\":1}");

        assertThat(store.nodeGenerations()).containsExactly(
                new NodeGeneration("node1.internal", 2, "sha256:ccc", START.plusSeconds(60)),
                new NodeGeneration("node2.internal", 1, "sha256:bbb", START));
        assertThat(store.catalog("node1.internal")).contains("{\"a\":2}");
    }

    @Test
    void aNodeWithoutACatalogHasNoGeneration() {
        assertThat(store.nodeGeneration("node9.internal")).isEmpty();
        assertThat(store.catalog("node9.internal")).isEmpty();
    }
}
