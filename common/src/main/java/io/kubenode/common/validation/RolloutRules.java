package io.kubenode.common.validation;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.RolloutSpec;

import java.time.Duration;
import java.util.regex.Matcher;

/** {@code spec.rollout}: a batch size that lets a rollout move, and a health timeout a restart can meet. */
final class RolloutRules implements ClusterRule {
    private static final String PATH = "spec.rollout";
    private static final Duration MIN_HEALTH_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration MAX_HEALTH_TIMEOUT = Duration.ofHours(2);

    @Override
    public void check(Cluster cluster, Problems problems) {
        RolloutSpec rollout = cluster.spec().rollout();
        if (rollout == null) {
            return;
        }
        if (rollout.maxUnavailable() != null) {
            Matcher matcher = RolloutSpec.MAX_UNAVAILABLE.matcher(rollout.maxUnavailable().strip());
            if (!matcher.matches() || (!matcher.group(2).isEmpty() && Integer.parseInt(matcher.group(1)) > 100)) {
                problems.error(PATH + ".maxUnavailable", "expected a number of workers (1 or more) or a percentage "
                        + "of them (1%..100%), got '" + rollout.maxUnavailable() + "'");
            }
        }
        if (rollout.healthTimeout() != null) {
            Duration timeout = RolloutSpec.duration(rollout.healthTimeout());
            if (timeout == null) {
                problems.error(PATH + ".healthTimeout", "expected a duration such as 90s, 5m or 1h, got '"
                        + rollout.healthTimeout() + "'");
            } else if (timeout.compareTo(MIN_HEALTH_TIMEOUT) < 0 || timeout.compareTo(MAX_HEALTH_TIMEOUT) > 0) {
                // Under 30 s a restarting apiserver could not pass its gate; over 2 h a stuck rollout goes unnoticed.
                problems.error(PATH + ".healthTimeout", "expected 30s..2h, got " + rollout.healthTimeout());
            }
        }
    }
}
