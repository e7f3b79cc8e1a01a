package io.kubenode.controller.cli.admin;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {

    @Test
    void parsesUnitsAndTheirSumsAndFormatsBack() {
        assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Durations.format(Duration.ofSeconds(86_401))).isEqualTo("1d1s");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    }

    @Test
    void refusesNumbersWithoutUnitsAndOtherText() {
        for (String bad : new String[] {"10", "1 h", "-5m", "1w", "", "h"}) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).hasMessageContaining("expected a duration");
        }
        assertThatThrownBy(() -> Durations.parse("99999999999999999999d")).hasMessageContaining("too long");
    }

    @Test
    void agesUseTheLargestWholeUnit() {
        Instant now = Instant.parse("2025-01-10T12:00:00Z");

        assertThat(Ages.age(now.minusSeconds(5), now)).isEqualTo("5s");
        assertThat(Ages.age(now.minusSeconds(200), now)).isEqualTo("3m");
        assertThat(Ages.age(now.minusSeconds(2 * 3600 + 59), now)).isEqualTo("2h");
        assertThat(Ages.age(now.minusSeconds(5 * 86400), now)).isEqualTo("5d");
        assertThat(Ages.age(now.plusSeconds(3), now)).as("clock skew").isEqualTo("0s");
        assertThat(Ages.age((String) null, now)).isEqualTo("<never>");
        assertThat(Ages.instant("2025-01-10T12:00:00.123456Z")).isEqualTo("2025-01-10T12:00:00Z");
    }
}
