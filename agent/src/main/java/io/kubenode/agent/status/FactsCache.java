package io.kubenode.agent.status;

import io.kubenode.agent.facts.FactsCollector;
import io.kubenode.agent.host.HostException;
import io.kubenode.common.status.Facts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The machine's facts for status reports, collected at most every {@code maxAge} (they hardly change, and
 * collecting runs two version commands): a status sent every pass carries facts a few minutes old at worst.
 * Unreadable facts keep the last ones (or none) until the next attempt.
 */
public final class FactsCache {
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);
    private static final System.Logger LOG = System.getLogger(FactsCache.class.getName());

    private final FactsCollector collector;
    private final Duration maxAge;
    private final Clock clock;
    private Facts facts;
    private Instant attempted;

    public FactsCache(FactsCollector collector, Duration maxAge, Clock clock) {
        this.collector = collector;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** The facts, collected again when the last attempt is older than maxAge; null when never readable. */
    public synchronized Facts current() {
        Instant now = clock.instant();
        if (attempted == null || !now.isBefore(attempted.plus(maxAge))) {
            attempted = now;
            try {
                facts = collector.collect();
            } catch (HostException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot collect facts, reporting the last ones: "
                        + e.getMessage());
            }
        }
        return facts;
    }
}
