package io.kubenode.agent.host;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How often and how patiently a network operation is retried: at most {@code attempts} tries, waiting the
 * {@code backoff}'s jittered, doubling delay between them.
 */
public record RetryPolicy(int attempts, Backoff backoff) {

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
        }
    }

    /** Production: 4 attempts, 1 s, 2 s, 4 s (each half jittered), never more than 30 s. */
    public static RetryPolicy standard() {
        return new RetryPolicy(4, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)));
    }

    /** The wait before retry number {@code retry} (1 = the wait after the first failed attempt). */
    public Duration delayBefore(int retry, RandomGenerator random) {
        return backoff.delay(Math.max(retry, 1), random);
    }
}
