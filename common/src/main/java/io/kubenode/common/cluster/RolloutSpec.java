package io.kubenode.common.cluster;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a change that restarts a service the cluster's availability rests on reaches a running cluster
 * ({@code spec.rollout}, optional). Control planes always take such a change one at a time.
 * {@code maxUnavailable}: workers taking it at once, a number ("2") or a percentage of the workers it interrupts
 * ("25%", rounded down, at least 1); default 1. {@code healthTimeout}: how long a node may take to converge on the
 * change and pass its health gates before the rollout pauses on it, a duration ("90s", "5m", "1h"); default 5m.
 * {@code drainWorkers}: cordon and drain a worker before a change that restarts its kubelet or container runtime;
 * default false.
 */
public record RolloutSpec(String maxUnavailable, String healthTimeout, Boolean drainWorkers) {
    public static final String DEFAULT_MAX_UNAVAILABLE = "1";
    public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofMinutes(5);
    public static final RolloutSpec DEFAULTS = new RolloutSpec(null, null, null);
    /** A whole number of seconds, minutes or hours: what an operator writes, nothing Go's parser would be needed for. */
    public static final Pattern DURATION = Pattern.compile("([1-9][0-9]{0,5})(s|m|h)");
    public static final Pattern MAX_UNAVAILABLE = Pattern.compile("([1-9][0-9]{0,5})(%?)");

    public String maxUnavailableOrDefault() {
        return maxUnavailable == null ? DEFAULT_MAX_UNAVAILABLE : maxUnavailable;
    }

    /** The health timeout; the default when absent or not a valid duration (validation refuses the latter). */
    public Duration healthTimeoutOrDefault() {
        Duration parsed = healthTimeout == null ? null : duration(healthTimeout);
        return parsed == null ? DEFAULT_HEALTH_TIMEOUT : parsed;
    }

    public boolean drainWorkersOrDefault() {
        return Boolean.TRUE.equals(drainWorkers);
    }

    /** "90s", "5m", "1h" as a Duration; null when the text is not one. */
    public static Duration duration(String text) {
        Matcher matcher = DURATION.matcher(text.strip());
        if (!matcher.matches()) {
            return null;
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }
}
