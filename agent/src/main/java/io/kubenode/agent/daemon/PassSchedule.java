package io.kubenode.agent.daemon;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When the next pass runs: the interval with jitter (so a fleet does not pass in lockstep), and after passes that
 * left a resource failed or not ready an exponential backoff from {@code minBackoff} up to the interval.
 */
public record PassSchedule(Duration interval, double jitter, Duration minBackoff) {

    public static final PassSchedule DEFAULT = new PassSchedule(Duration.ofSeconds(60), 0.1, Duration.ofSeconds(5));

    public Duration next(int consecutiveUnsettled, RandomGenerator random) {
        long base = interval.toMillis();
        if (consecutiveUnsettled > 0) {
            long backoff = minBackoff.toMillis() << Math.min(consecutiveUnsettled - 1, 20);
            base = Math.min(base, backoff);
        }
        double factor = 1 + jitter * (2 * random.nextDouble() - 1);
        return Duration.ofMillis(Math.max(1, Math.round(base * factor)));
    }
}
