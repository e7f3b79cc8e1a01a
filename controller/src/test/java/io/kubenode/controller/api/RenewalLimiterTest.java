package io.kubenode.controller.api;

import io.kubenode.controller.store.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RenewalLimiterTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final RenewalLimiter limiter = new RenewalLimiter(clock, Duration.ofDays(90));

    @Test
    void aNodeGetsSixRenewalsAnHourAndThenWaitsForTheOldestToAgeOut() {
        for (int i = 0; i < RenewalLimiter.MIN_RENEWALS; i++) {
            assertThat(limiter.acquire("node1")).as("renewal %d", i + 1).isEmpty();
            clock.advance(Duration.ofMinutes(1));
        }

        assertThat(limiter.acquire("node1")).as("the seventh within the hour")
                .contains(Duration.ofMinutes(60 - RenewalLimiter.MIN_RENEWALS));
        assertThat(limiter.acquire("node2")).as("another node has its own budget").isEmpty();
        clock.advance(Duration.ofMinutes(60 - RenewalLimiter.MIN_RENEWALS).plusMillis(1));
        assertThat(limiter.acquire("node1")).as("once the first aged out").isEmpty();
        assertThat(limiter.acquire("node1")).as("only one slot freed").isPresent();
    }

    @Test
    void shortCertificateLifetimesGetThreeRenewalsPerLifetime() {
        assertThat(new RenewalLimiter(clock, Duration.ofDays(90)).budget()).isEqualTo(RenewalLimiter.MIN_RENEWALS);
        assertThat(new RenewalLimiter(clock, Duration.ofMinutes(30)).budget()).isEqualTo(RenewalLimiter.MIN_RENEWALS);
        assertThat(new RenewalLimiter(clock, Duration.ofMinutes(7)).budget()).isEqualTo(27);
        RenewalLimiter oneMinute = new RenewalLimiter(clock, Duration.ofMinutes(1));
        assertThat(oneMinute.budget()).isEqualTo(180);
        // An agent renewing a one-minute certificate at 70 % of its life, for an hour, is never refused.
        for (int i = 0; i < 86; i++) {
            assertThat(oneMinute.acquire("node1")).as("renewal %d", i + 1).isEmpty();
            clock.advance(Duration.ofSeconds(42));
        }
    }

    @Test
    void refusedAttemptsDoNotExtendTheWait() {
        for (int i = 0; i < RenewalLimiter.MIN_RENEWALS; i++) {
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
