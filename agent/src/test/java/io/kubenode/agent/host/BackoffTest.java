package io.kubenode.agent.host;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {
    private static final RandomGenerator LOWEST = () -> 0L;
    private static final RandomGenerator HIGHEST = () -> -1L;

    @Test
    void noFailuresMeansNoWait() {
        assertThat(Backoff.RECONNECT.delay(0, new SplittableRandom(1))).isZero();
    }

    @Test
    void eachWaitLiesInTheUpperHalfOfADoublingStepCappedAtThirtySeconds() {
        SplittableRandom random = new SplittableRandom(42);
        for (int failures = 1; failures <= 40; failures++) {
            long step = Math.min(30_000, 1000L << Math.min(failures - 1, 30));
            for (int draw = 0; draw < 200; draw++) {
                long delay = Backoff.RECONNECT.delay(failures, random).toMillis();
                assertThat(delay).as("failure %d", failures).isBetween(step - step / 2, step);
            }
        }
    }

    @Test
    void theBoundsAreReachedAtTheExtremesOfTheRandomSource() {
        assertThat(Backoff.RECONNECT.delay(3, new MinimumRandom())).isEqualTo(Duration.ofSeconds(2));
        assertThat(Backoff.RECONNECT.delay(100, new MinimumRandom())).isEqualTo(Duration.ofSeconds(15));
        assertThat(Backoff.RECONNECT.delay(100, new MaximumRandom())).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void jitterSpreadsAFleetThatFailedTogether() {
        Set<Duration> delays = new HashSet<>();
        for (int agent = 0; agent < 50; agent++) {
            delays.add(Backoff.RECONNECT.delay(5, new SplittableRandom(agent)));
        }
        assertThat(delays).hasSizeGreaterThan(40);
    }

    @Test
    void aMaximumBelowTheInitialWaitIsRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** nextLong(bound) at its lowest. */
    private static final class MinimumRandom implements RandomGenerator {
        @Override
        public long nextLong() {
            return LOWEST.nextLong();
        }

        @Override
        public long nextLong(long bound) {
            return 0;
        }
    }

    /** nextLong(bound) at its highest. */
    private static final class MaximumRandom implements RandomGenerator {
        @Override
        public long nextLong() {
            return HIGHEST.nextLong();
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    }
}
