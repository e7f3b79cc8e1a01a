package io.kubenode.controller.api;

import io.kubenode.controller.store.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RenewalLimiterTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final RenewalLimiter limiter = new RenewalLimiter(clock);

    @Test
    void aNodeGetsSixRenewalsAnHourAndThenWaitsForTheOldestToAgeOut() {
        for (int i = 0; i < RenewalLimiter.MAX_RENEWALS; i++) {
            assertThat(limiter.acquire("node1")).as("renewal %d", i + 1).isEmpty();
            clock.advance(Duration.ofMinutes(1));
        }

        assertThat(limiter.acquire("node1")).as("the seventh within the hour")
                .contains(Duration.ofMinutes(60 - RenewalLimiter.MAX_RENEWALS));
        assertThat(limiter.acquire("node2")).as("another node has its own budget").isEmpty();
        clock.advance(Duration.ofMinutes(60 - RenewalLimiter.MAX_RENEWALS).plusMillis(1));
        assertThat(limiter.acquire("node1")).as("once the first aged out").isEmpty();
        assertThat(limiter.acquire("node1")).as("only one slot freed").isPresent();
    }

    @Test
    void refusedAttemptsDoNotExtendTheWait() {
        for (int i = 0; i < RenewalLimiter.MAX_RENEWALS; i++) {
            limiter.acquire("node1");
        }
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.acquire("node1")).isPresent();
        }

        clock.advance(RenewalLimiter.WINDOW.plusMillis(1));
        assertThat(limiter.acquire("node1")).isEmpty();
    }

    @Test
    void idleNodesAreForgottenOnceManyAreTracked() {
        for (int i = 0; i <= 10_000; i++) {
            limiter.acquire("node" + i);
        }
        clock.advance(RenewalLimiter.WINDOW.plusSeconds(1));

        limiter.acquire("late");

        assertThat(limiter.trackedNodes()).isEqualTo(1);
    }
}
