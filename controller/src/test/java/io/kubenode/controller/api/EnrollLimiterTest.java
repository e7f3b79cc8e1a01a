package io.kubenode.controller.api;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class EnrollLimiterTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-26T00:00:00Z"));
    private final EnrollLimiter limiter = new EnrollLimiter(new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    });

    @Test
    void aSourceGetsThirtyAttemptsAMinuteAndOthersAreNotAffected() {
        for (int i = 0; i < EnrollLimiter.MAX_ATTEMPTS; i++) {
            assertThat(limiter.allow("192.0.2.1")).as("attempt %d", i + 1).isTrue();
        }

        assertThat(limiter.allow("192.0.2.1")).isFalse();
        assertThat(limiter.allow("192.0.2.2")).isTrue();
        now.set(now.get().plus(EnrollLimiter.WINDOW).plusSeconds(1));
        assertThat(limiter.allow("192.0.2.1")).as("a minute later").isTrue();
    }
}
