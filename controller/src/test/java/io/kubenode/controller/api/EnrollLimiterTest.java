package io.kubenode.controller.api;

import io.kubenode.controller.store.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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

    /** One IPv6 host usually holds a whole /64: counting per address would give it 2^64 budgets. */
    @Test
    void theAddressesOfOneIpv6Slash64ShareOneBudget() {
        for (int i = 0; i < EnrollLimiter.MAX_ATTEMPTS; i++) {
            assertThat(limiter.allow("2001:db8:1:2::" + Integer.toHexString(i + 1))).as("attempt %d", i + 1).isTrue();
        }

        assertThat(limiter.allow("2001:db8:1:2:ffff:ffff:ffff:ffff")).as("same /64").isFalse();
        assertThat(limiter.allow("2001:db8:1:3::1")).as("the next /64").isTrue();
    }

    @Test
    void manySourcesWithinOneWindowDoNotGrowItsMemoryBeyondItsBound() {
        for (int i = 0; i < 3 * EnrollLimiter.MAX_SOURCES; i++) {
            limiter.allow("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
        }

        assertThat(limiter.sources()).isLessThanOrEqualTo(EnrollLimiter.MAX_SOURCES);
    }

    @Test
    void whileEveryRememberedSourceIsThrottledNewSourcesShareOneBudget() {
        EnrollLimiter small = new EnrollLimiter(clock, EnrollLimiter.MAX_ATTEMPTS, 2);
        assertThat(small.allow("192.0.2.1")).isTrue();
        assertThat(small.allow("192.0.2.2")).isTrue();

        int allowed = 0;
        for (int i = 0; i < 3 * EnrollLimiter.MAX_ATTEMPTS; i++) {
            allowed += small.allow("198.51.100." + i) ? 1 : 0;
        }

        assertThat(allowed).as("new sources while the table is full").isEqualTo(EnrollLimiter.MAX_ATTEMPTS);
        clock.advance(EnrollLimiter.WINDOW);
        assertThat(small.allow("203.0.113.1")).as("an idle source made room").isTrue();
        assertThat(small.sources()).isEqualTo(2);
    }

    @Test
    void eventLoopsCallingAtOnceGetExactlyTheBudgetBetweenThem() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> counts = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                int first = thread;
                counts.add(pool.submit(() -> {
                    start.await();
                    int allowed = 0;
                    for (int i = 0; i < 2_000; i++) {
                        // one shared source, and a stream of new ones that keeps the table sweeping
                        allowed += limiter.allow("192.0.2.1") ? 1 : 0;
                        limiter.allow("10.1." + first + "." + i % 250);
                    }
                    return allowed;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> count : counts) {
                total += count.get(30, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(EnrollLimiter.MAX_ATTEMPTS);
        } finally {
            pool.shutdownNow();
        }
    }
}
