package io.kubenode.agent.host;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long to wait after consecutive failures: {@code initial}, doubling, capped at {@code max}; the wait is drawn
 * from the upper half of that ("equal jitter"), so a fleet that lost the controller together does not come back
 * in lockstep, yet no agent waits less than half the step.
 */
public record Backoff(Duration initial, Duration max) {

    /** Reconnecting to the controller: 1 s, 2 s, 4 s ... at most 30 s. */
    public static final Backoff RECONNECT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("expected 0 < initial <= max, got " + initial + ", " + max);
        }
    }

    /** The wait after {@code failures} consecutive failures (1 = the first failure); zero when there were none. */
    public Duration delay(int failures, RandomGenerator random) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        long step = Math.min(max.toMillis(), initial.toMillis() << Math.min(failures - 1, 30));
        long half = step / 2;
        return Duration.ofMillis(step - half + (half > 0 ? random.nextLong(half + 1) : 0));
    }
}
