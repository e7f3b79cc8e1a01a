package io.kubenode.agent.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * When to renew a certificate: at a random point between {@code from} and {@code to} of its lifetime (70-90 % by
 * default), so a fleet enrolled together does not renew together, and well before it expires even when the
 * controller is away for days.
 */
public record RenewalWindow(double from, double to) {

    public static final RenewalWindow STANDARD = new RenewalWindow(0.7, 0.9);

    public RenewalWindow {
        if (!(0 <= from && from <= to && to < 1)) {
            throw new IllegalArgumentException("expected 0 <= from <= to < 1, got " + from + ", " + to);
        }
    }

    /** {@code issuedAt}: when the lifetime began (see {@link NodeIdentity#issuedAt}). */
    public Instant renewAt(Instant issuedAt, Instant notAfter, RandomGenerator random) {
        long lifetimeMillis = Math.max(0, Duration.between(issuedAt, notAfter).toMillis());
        double fraction = from + (to - from) * random.nextDouble();
        return issuedAt.plusMillis(Math.round(lifetimeMillis * fraction));
    }
}
