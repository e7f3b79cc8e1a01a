package io.kubenode.agent.daemon;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class PassScheduleTest {
    private final PassSchedule schedule = new PassSchedule(Duration.ofSeconds(60), 0.1, Duration.ofSeconds(5));

    @Test
    void theIntervalIsJitteredWithinTenPercent() {
        SplittableRandom random = new SplittableRandom(42);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 1000; i++) {
            long millis = schedule.next(0, random).toMillis();
            min = Math.min(min, millis);
            max = Math.max(max, millis);
        }
        assertThat(min).isBetween(54_000L, 56_000L);
        assertThat(max).isBetween(64_000L, 66_000L);
    }

    @Test
    void failuresBackOffExponentiallyUpToTheInterval() {
        PassSchedule exact = new PassSchedule(Duration.ofSeconds(60), 0, Duration.ofSeconds(5));
        SplittableRandom random = new SplittableRandom(1);

        assertThat(exact.next(1, random)).isEqualTo(Duration.ofSeconds(5));
        assertThat(exact.next(2, random)).isEqualTo(Duration.ofSeconds(10));
        assertThat(exact.next(4, random)).isEqualTo(Duration.ofSeconds(40));
        assertThat(exact.next(5, random)).isEqualTo(Duration.ofSeconds(60));
        assertThat(exact.next(50, random)).isEqualTo(Duration.ofSeconds(60));
    }
}
