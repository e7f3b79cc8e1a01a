package io.kubenode.agent.host;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {

    @Test
    void delaysDoubleUpToTheCapWithHalfOfEachRandom() {
        RetryPolicy policy = new RetryPolicy(6, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5)));
        Random random = new Random(7);
        long[][] bounds = {{500, 1000}, {1000, 2000}, {2000, 4000}, {2500, 5000}, {2500, 5000}};
        for (int retry = 1; retry <= bounds.length; retry++) {
            for (int sample = 0; sample < 50; sample++) {
                assertThat(policy.delayBefore(retry, random).toMillis())
                        .as("retry %d", retry).isBetween(bounds[retry - 1][0], bounds[retry - 1][1]);
            }
        }
    }

    @Test
    void theStandardPolicyTriesFourTimes() {
        assertThat(RetryPolicy.standard().attempts()).isEqualTo(4);
    }
}
