package io.kubenode.agent.identity;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RenewalWindowTest {
    private static final Instant ISSUED = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant EXPIRES = ISSUED.plus(Duration.ofDays(90));

    @Test
    void renewalFallsBetweenSeventyAndNinetyPercentOfTheLifetime() {
        SplittableRandom random = new SplittableRandom(3);
        Instant earliest = ISSUED.plus(Duration.ofDays(63));
        Instant latest = ISSUED.plus(Duration.ofDays(81));
        for (int i = 0; i < 10_000; i++) {
            assertThat(RenewalWindow.STANDARD.renewAt(ISSUED, EXPIRES, random)).isBetween(earliest, latest);
        }
    }

    @Test
    void theWindowsEdgesAreReachable() {
        RandomGenerator lowest = () -> 0L;
        RandomGenerator highest = () -> -1L;
        assertThat(RenewalWindow.STANDARD.renewAt(ISSUED, EXPIRES, lowest)).isEqualTo(ISSUED.plus(Duration.ofDays(63)));
        assertThat(Duration.between(RenewalWindow.STANDARD.renewAt(ISSUED, EXPIRES, highest),
                ISSUED.plus(Duration.ofDays(81)))).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void aFleetEnrolledTogetherSpreadsItsRenewals() {
        long distinct = java.util.stream.IntStream.range(0, 100)
                .mapToObj(node -> RenewalWindow.STANDARD.renewAt(ISSUED, EXPIRES, new SplittableRandom(node)))
                .distinct().count();
        assertThat(distinct).isEqualTo(100);
    }

    @Test
    void aWindowOutsideTheLifetimeIsRefused() {
        assertThatThrownBy(() -> new RenewalWindow(0.9, 0.7)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RenewalWindow(0.7, 1.0)).isInstanceOf(IllegalArgumentException.class);
    }
}
