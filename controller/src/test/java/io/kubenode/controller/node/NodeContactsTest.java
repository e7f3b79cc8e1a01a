package io.kubenode.controller.node;

import io.kubenode.controller.store.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class NodeContactsTest {
    private static final Instant START = Instant.parse("2026-12-05T00:00:00Z");
    private static final Set<String> NODES = Set.of("node1", "node2");

    private final SettableClock clock = new SettableClock(START);
    private final NodeContacts contacts = new NodeContacts(clock);

    @Test
    void aNodeIsUnreachableOnlyAfterItsWatchWaitAndTheGraceWithoutAnotherRequest() {
        contacts.seen("node1", Duration.ofSeconds(30));
        contacts.seen("node2", Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(30));
        contacts.seen("node1", Duration.ofSeconds(30));

        clock.advance(Duration.ofSeconds(30));
        assertThat(contacts.unreachable(NODES, clock.instant())).as("exactly wait + grace after node2's watch")
                .isEmpty();

        clock.advance(Duration.ofMillis(1));
        assertThat(contacts.unreachable(NODES, clock.instant())).containsExactly(entry("node2", START));
    }

    @Test
    void aStatusWhileAWatchWaitsDoesNotShortenWhatTheWatchPromised() {
        contacts.seen("node1", Duration.ofSeconds(120));
        clock.advance(Duration.ofSeconds(10));
        contacts.seen("node1", Duration.ZERO);

        clock.advance(Duration.ofSeconds(100));

        assertThat(contacts.unreachable(Set.of("node1"), clock.instant())).isEmpty();
        assertThat(contacts.of("node1").orElseThrow().at()).isEqualTo(START.plusSeconds(10));
        assertThat(contacts.of("node1").orElseThrow().expectedBy()).isEqualTo(START.plusSeconds(150));
    }

    @Test
    void aNodeNotHeardSinceTheStartGetsTheLongestWaitAndTheGrace() {
        Instant limit = START.plus(NodeContacts.LONGEST_WATCH_WAIT).plus(NodeContacts.GRACE);
        clock.advance(Duration.between(START, limit));
        assertThat(contacts.unreachable(NODES, clock.instant())).isEmpty();

        clock.advance(Duration.ofSeconds(1));

        assertThat(contacts.unreachable(NODES, clock.instant())).containsOnlyKeys("node1", "node2")
                .containsEntry("node1", null);
    }

    @Test
    void theNextExpiryIsTheEarliestNodeFallingSilentAndNoneOnceAllAre() {
        contacts.seen("node1", Duration.ofSeconds(30));
        contacts.seen("node2", Duration.ofSeconds(5));

        assertThat(contacts.nextExpiry(NODES, clock.instant()))
                .isEqualTo(Optional.of(START.plusSeconds(35).plusMillis(1)));

        clock.advance(Duration.ofSeconds(36));
        assertThat(contacts.nextExpiry(NODES, clock.instant()))
                .isEqualTo(Optional.of(START.plusSeconds(60).plusMillis(1)));

        clock.advance(Duration.ofSeconds(30));
        assertThat(contacts.nextExpiry(NODES, clock.instant())).isEmpty();
    }
}
