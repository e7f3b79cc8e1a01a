package io.kubenode.agent.status;

import io.kubenode.agent.facts.FactsCollector;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.common.status.Facts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class FactsCacheTest {
    private static final Instant START = Instant.parse("2026-12-04T12:00:00Z");

    @TempDir
    Path root;

    private Instant now = START;
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void factsAreCollectedAgainOnlyWhenOlderThanTheirMaximumAge() throws Exception {
        memory("1000 kB");
        FactsCache cache = new FactsCache(new FactsCollector(new LocalHost(root)), Duration.ofMinutes(5), clock);
        assertThat(cache.current().memoryBytes()).isEqualTo(1000L * 1024);

        memory("2000 kB");
        now = START.plus(Duration.ofMinutes(4));
        assertThat(cache.current().memoryBytes()).as("4 minutes old: kept").isEqualTo(1000L * 1024);
        now = START.plus(Duration.ofMinutes(5));
        assertThat(cache.current().memoryBytes()).as("5 minutes old: collected again").isEqualTo(2000L * 1024);
    }

    /**
     * A failed collection is tried again soon, not after the maximum age: a node whose first collection failed (an
     * agent restarted while a disk was slow) would otherwise report no facts for five minutes, and the
     * orchestration's preflight waits for facts.
     */
    @Test
    void aFailedCollectionIsTriedAgainSoonNotAfterTheMaximumAge() throws Exception {
        memory("not a number");
        FactsCache cache = new FactsCache(new FactsCollector(new LocalHost(root)), Duration.ofMinutes(5), clock);
        assertThat(cache.current()).as("never readable yet").isNull();

        memory("3000 kB");
        now = START.plus(FactsCache.RETRY_AFTER_FAILURE).minusSeconds(1);
        assertThat(cache.current()).as("just after a failure: not tried again at every status").isNull();
        now = START.plus(FactsCache.RETRY_AFTER_FAILURE);
        Facts facts = cache.current();
        assertThat(facts).as("tried again %s after the failure", FactsCache.RETRY_AFTER_FAILURE).isNotNull();
        assertThat(facts.memoryBytes()).isEqualTo(3000L * 1024);
        assertThat(FactsCache.RETRY_AFTER_FAILURE).isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void aFailureAfterASuccessKeepsTheLastFactsUntilTheRetryReadsNewOnes() throws Exception {
        memory("1000 kB");
        FactsCache cache = new FactsCache(new FactsCollector(new LocalHost(root)), Duration.ofMinutes(5), clock);
        cache.current();

        memory("garbled");
        now = START.plus(Duration.ofMinutes(5));
        assertThat(cache.current().memoryBytes()).as("the last facts").isEqualTo(1000L * 1024);
        memory("4000 kB");
        now = now.plus(FactsCache.RETRY_AFTER_FAILURE);
        assertThat(cache.current().memoryBytes()).isEqualTo(4000L * 1024);
    }

    /** The firewall facts describe the zone of the node's address: a new address from a catalog is read at once. */
    @Test
    void aNewNodeAddressFromTheCatalogCollectsAgainAtTheNextStatus() throws Exception {
        memory("1000 kB");
        FactsCollector collector = new FactsCollector(new LocalHost(root));
        FactsCache cache = new FactsCache(collector, Duration.ofMinutes(5), clock);
        cache.current();

        memory("2000 kB");
        cache.nodeAddress("192.0.2.61");
        now = START.plusSeconds(1);
        assertThat(cache.current().memoryBytes()).as("collected again though 1 s old").isEqualTo(2000L * 1024);
        assertThat(collector.nodeAddress()).isEqualTo("192.0.2.61");

        memory("3000 kB");
        cache.nodeAddress("192.0.2.61");
        now = START.plusSeconds(2);
        assertThat(cache.current().memoryBytes()).as("the same address again: kept").isEqualTo(2000L * 1024);
    }

    private void memory(String total) throws Exception {
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/meminfo"), "MemTotal: " + total + "\nSwapTotal: 0 kB\n");
    }
}
