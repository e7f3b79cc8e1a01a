package io.kubenode.controller.api;

import io.kubenode.controller.store.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class EnrollLimiterTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-26T00:00:00Z"));
    private final EnrollLimiter limiter = new EnrollLimiter(clock);

    @Test
    void aSourceGetsThirtyAttemptsAMinuteAndOthersAreNotAffected() {
        for (int i = 0; i < EnrollLimiter.MAX_ATTEMPTS; i++) {
            assertThat(limiter.allow("192.0.2.1")).as("attempt %d", i + 1).isTrue();
        }

        assertThat(limiter.allow("192.0.2.1")).isFalse();
        assertThat(limiter.allow("192.0.2.2")).isTrue();
        clock.advance(EnrollLimiter.WINDOW.plusSeconds(1));
        assertThat(limiter.allow("192.0.2.1")).as("a minute later").isTrue();
    }
}
