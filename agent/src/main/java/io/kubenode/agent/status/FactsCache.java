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
 * Unreadable facts keep the last ones (or none) until the next attempt, {@link #RETRY_AFTER_FAILURE} later: the
 * orchestration's preflight waits for a node's facts, so a failure must not hide them for the whole maximum age.
 */
public final class FactsCache {
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);
    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(15);
    private static final System.Logger LOG = System.getLogger(FactsCache.class.getName());

    private final FactsCollector collector;
    private final Duration maxAge;
    private final Clock clock;
    private Facts facts;
    private Instant nextAttempt;
    /** Set by another thread when the catalog names a new node address: collect again at the next status. */
    private volatile boolean addressChanged;
    private String lastFailure;

    public FactsCache(FactsCollector collector, Duration maxAge, Clock clock) {
        this.collector = collector;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /**
     * The node's address from a catalog the agent accepted. A new one makes the next status collect the facts again
     * (the firewall facts describe the zone of the interface holding it). Never waits for a collection in progress.
     */
    public void nodeAddress(String address) {
        if (address != null && !address.equals(collector.nodeAddress())) {
            collector.nodeAddress(address);
            addressChanged = true;
        }
    }

    /**
     * The facts, collected again when the last success is older than maxAge or the last failure older than
     * {@link #RETRY_AFTER_FAILURE}; null when never readable.
     */
    public synchronized Facts current() {
        Instant now = clock.instant();
        boolean changed = addressChanged;
        addressChanged = false;
        if (changed || nextAttempt == null || !now.isBefore(nextAttempt)) {
            try {
                facts = collector.collect();
                nextAttempt = now.plus(maxAge);
                lastFailure = null;
            } catch (HostException | RuntimeException e) {
                nextAttempt = now.plus(RETRY_AFTER_FAILURE);
                // Logged when the failure changes, not at every retry of the same one.
                if (!String.valueOf(e.getMessage()).equals(lastFailure)) {
                    LOG.log(System.Logger.Level.WARNING, "cannot collect facts, reporting "
                            + (facts == null ? "none" : "the last ones") + " and trying again in "
                            + RETRY_AFTER_FAILURE.toSeconds() + " s: " + e.getMessage());
                }
                lastFailure = String.valueOf(e.getMessage());
            }
        }
        return facts;
    }
}
