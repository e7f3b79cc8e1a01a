package io.kubenode.controller.node;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long a node certificate the controller signs is valid (serve's {@code --node-certificate-lifetime}): 90 days
 * unless the operator says otherwise, never under a minute (agents renew at 70-90 % of the lifetime, so a shorter
 * one would have them renewing all the time), and never past the CA's own end (a node certificate is useless once
 * its CA has expired; the signer stops every certificate at the CA's notAfter anyway).
 */
public final class NodeCertificateLifetime {
    public static final Duration DEFAULT = Duration.ofDays(90);
    public static final Duration MINIMUM = Duration.ofMinutes(1);

    private NodeCertificateLifetime() {
    }

    /**
     * Why {@code lifetime}, asked for explicitly, cannot be used under a CA valid until {@code caNotAfter}; empty
     * when it can. (The default is not checked against the CA: in a CA's last 90 days it is cut at the CA's end.)
     */
    public static Optional<String> refusal(Duration lifetime, Instant caNotAfter, Instant now) {
        if (lifetime.compareTo(MINIMUM) < 0) {
            return Optional.of("expected at least " + MINIMUM.toSeconds() + "s (1m), got " + lifetime.toSeconds()
                    + "s");
        }
        Duration caLeft = Duration.between(now, caNotAfter);
        if (lifetime.compareTo(caLeft) > 0) {
            return Optional.of("a node certificate must not outlive the agent CA, which expires at " + caNotAfter
                    + " (in " + Math.max(0, caLeft.toDays()) + " days); choose a shorter lifetime");
        }
        return Optional.empty();
    }
}
