package io.kubenode.controller.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Enrollment attempts per source address in a sliding window: enough for a rack of nodes behind one NAT, too few
 * to guess a token secret (36^16 values). Only the event loop calls it, but the map is concurrent anyway.
 */
final class EnrollLimiter {
    static final int MAX_ATTEMPTS = 30;
    static final Duration WINDOW = Duration.ofMinutes(1);
    /** Forget idle sources once the map grows, so scanners cannot make it grow without bound. */
    private static final int MAX_SOURCES = 10_000;

    private final Clock clock;
    private final Map<String, Deque<Instant>> attempts = new ConcurrentHashMap<>();

    EnrollLimiter(Clock clock) {
        this.clock = clock;
    }

    /** Counts an attempt from {@code source}; false when it is over the limit (the attempt is not served). */
    boolean allow(String source) {
        Instant now = clock.instant();
        if (attempts.size() > MAX_SOURCES) {
            attempts.values().removeIf(times -> times.isEmpty() || times.peekLast().isBefore(now.minus(WINDOW)));
        }
        Deque<Instant> times = attempts.computeIfAbsent(source, key -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && times.peekFirst().isBefore(now.minus(WINDOW))) {
                times.pollFirst();
            }
            if (times.size() >= MAX_ATTEMPTS) {
                return false;
            }
            times.addLast(now);
            return true;
        }
    }
}
