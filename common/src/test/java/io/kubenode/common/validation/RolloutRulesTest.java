package io.kubenode.common.validation;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.RolloutSpec;
import io.kubenode.common.document.ClusterDocuments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.stream.Stream;

import static io.kubenode.common.validation.Expected.error;
import static org.assertj.core.api.Assertions.assertThat;

class RolloutRulesTest {
    private static final String ROLLOUT = "spec.rollout";
    private static final String MAX = ROLLOUT + ".maxUnavailable";
    private static final String TIMEOUT = ROLLOUT + ".healthTimeout";

    static Stream<RuleCase> cases() {
        return Stream.of(
                RuleCase.of("a number of workers is accepted", doc -> doc.set(MAX, "2")),
                RuleCase.of("a percentage is accepted", doc -> doc.set(MAX, "25%")),
                RuleCase.of("100% is accepted", doc -> doc.set(MAX, "100%")),
                RuleCase.of("a YAML integer is accepted", doc -> doc.set(MAX, 3)),
                RuleCase.of("zero is an error: the rollout would never move", doc -> doc.set(MAX, "0"),
                        error(MAX, "expected a number of workers (1 or more) or a percentage of them (1%..100%), "
                                + "got '0'")),
                RuleCase.of("over 100% is an error", doc -> doc.set(MAX, "150%"), error(MAX, "got '150%'")),
                RuleCase.of("a negative number is an error", doc -> doc.set(MAX, "-1"), error(MAX, "got '-1'")),
                RuleCase.of("a fraction is an error", doc -> doc.set(MAX, "0.5"), error(MAX, "got '0.5'")),
                RuleCase.of("seconds, minutes and hours are accepted", doc -> doc.set(TIMEOUT, "90s")),
                RuleCase.of("minutes are accepted", doc -> doc.set(TIMEOUT, "10m")),
                RuleCase.of("two hours are accepted", doc -> doc.set(TIMEOUT, "2h")),
                RuleCase.of("a bare number is an error: the unit is not guessed", doc -> doc.set(TIMEOUT, "300"),
                        error(TIMEOUT, "expected a duration such as 90s, 5m or 1h, got '300'")),
                RuleCase.of("a compound duration is an error", doc -> doc.set(TIMEOUT, "1m30s"),
                        error(TIMEOUT, "got '1m30s'")),
                RuleCase.of("under 30 seconds is an error", doc -> doc.set(TIMEOUT, "10s"),
                        error(TIMEOUT, "expected 30s..2h, got 10s")),
                RuleCase.of("over two hours is an error", doc -> doc.set(TIMEOUT, "3h"),
                        error(TIMEOUT, "expected 30s..2h, got 3h")),
                RuleCase.of("drainWorkers true is accepted", doc -> doc.set(ROLLOUT + ".drainWorkers", true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsEachRolloutProblemAtItsPath(RuleCase rule) {
        ValidationAssertions.assertCase(rule);
    }

    @Test
    void theFieldsReadFromTheDocument() {
        Cluster cluster = ClusterDocuments.example().set(MAX, "25%").set(TIMEOUT, "90s")
                .set(ROLLOUT + ".drainWorkers", true).read();

        RolloutSpec rollout = cluster.spec().rolloutOrDefaults();
        assertThat(rollout.maxUnavailableOrDefault()).isEqualTo("25%");
        assertThat(rollout.healthTimeoutOrDefault()).isEqualTo(Duration.ofSeconds(90));
        assertThat(rollout.drainWorkersOrDefault()).isTrue();
    }

    @Test
    void defaultsAreOneWorkerFiveMinutesAndNoDrain() {
        RolloutSpec rollout = ClusterDocuments.example().read().spec().rolloutOrDefaults();

        assertThat(rollout.maxUnavailableOrDefault()).isEqualTo("1");
        assertThat(rollout.healthTimeoutOrDefault()).isEqualTo(Duration.ofMinutes(5));
        assertThat(rollout.drainWorkersOrDefault()).isFalse();
    }
}
