package io.kubenode.controller.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Certificate renewals per node in a sliding window. A node renews once per certificate lifetime (at 70-90 % of it):
 * a few times a year with the default 90 days. The budget is {@value #MIN_RENEWALS} an hour, or three renewals per
 * lifetime that fits in the hour when the lifetime is shorter, which leaves room for retries and rebuilt hosts while
 * a stolen or looping agent cannot make the CA sign without bound. Keyed only by authenticated node names (the
 * route asks after {@link Caller#requireNode}), so the map holds at most one entry per enrolled node; idle
 * entries are dropped once it grows past {@value #MAX_NODES} all the same.
 */
final class RenewalLimiter {
    static final int MIN_RENEWALS = 6;
    static final Duration WINDOW = Duration.ofHours(1);
    private static final int RENEWALS_PER_LIFETIME = 3;
    private static final int MAX_NODES = 10_000;

    private final Clock clock;
    private final int budget;
    private final Map<String, Deque<Instant>> renewals = new ConcurrentHashMap<>();

    /** {@code certificateLifetime}: how long the node certificates being renewed last. */
    RenewalLimiter(Clock clock, Duration certificateLifetime) {
        this.clock = clock;
        long lifetimesPerWindow = -Math.floorDiv(-WINDOW.toMillis(), Math.max(1, certificateLifetime.toMillis()));
        this.budget = (int) Math.max(MIN_RENEWALS, Math.min(10_000, RENEWALS_PER_LIFETIME * lifetimesPerWindow));
    }

    /** Renewals one node may make within {@link #WINDOW}. */
    int budget() {
        return budget;
    }

    /**
     * Counts a renewal attempt of {@code node}: empty when it may go on, otherwise how long until the oldest
     * attempt in the window ages out (the attempt is not counted).
     */
    Optional<Duration> acquire(String node) {
        Instant now = clock.instant();
        Instant windowStart = now.minus(WINDOW);
        if (renewals.size() > MAX_NODES) {
            renewals.values().removeIf(times -> {
                synchronized (times) {
                    return times.isEmpty() || !times.peekLast().isAfter(windowStart);
                }
            });
        }
        Deque<Instant> times = renewals.computeIfAbsent(node, key -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && !times.peekFirst().isAfter(windowStart)) {
                times.pollFirst();
            }
            if (times.size() >= budget) {
                return Optional.of(Duration.between(windowStart, times.peekFirst()));
            }
            times.addLast(now);
            return Optional.empty();
        }
    }

    /** How many nodes the limiter remembers (for tests of its bound). */
    int trackedNodes() {
        return renewals.size();
    }
}
