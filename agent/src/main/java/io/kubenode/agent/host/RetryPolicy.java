package io.kubenode.agent.host;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How often and how patiently a network operation is retried: at most {@code attempts} tries, waiting an
 * exponentially growing delay (initialDelay, 2x, 4x ... capped at maxDelay) between them. Half of each delay is
 * random ("equal jitter") so that a fleet of agents that failed together does not retry together.
 */
public record RetryPolicy(int attempts, Duration initialDelay, Duration maxDelay) {

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
        }
    }

    /** Production: 4 attempts, 1 s, 2 s, 4 s (each half jittered), never more than 30 s. */
    public static RetryPolicy standard() {
        return new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    /** The wait before retry number {@code retry} (1 = the wait after the first failed attempt). */
    public Duration delayBefore(int retry, RandomGenerator random) {
        long base = initialDelay.toMillis() << Math.min(Math.max(retry - 1, 0), 20);
        long capped = Math.min(base, maxDelay.toMillis());
        long half = capped / 2;
        return Duration.ofMillis(half + (half > 0 ? random.nextLong(half + 1) : 0));
    }
}
