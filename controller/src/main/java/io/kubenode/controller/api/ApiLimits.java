package io.kubenode.controller.api;

import java.time.Duration;

/**
 * What one client may hold of the API before it has proved who it is, and how long it may take to say what it
 * wants. The defaults suit a fleet of thousands of nodes behind one controller; {@code serve} flags change them.
 *
 * @param requestReadTimeout     a connection must deliver a complete request (headers and body) within this long of
 *                               connecting or of its previous answer; checked once per period, so an idle
 *                               keep-alive connection closes after one to two periods
 * @param tlsHandshakeTimeout    a connection must finish its TLS handshake within this long
 * @param maxAnonymousConnections connections without a client certificate (enrollment, health, scanners) held at
 *                               once, over all event loops; more are closed at once. Connections with a certificate
 *                               of the cluster CA do not count, so a flood of anonymous ones never locks out an
 *                               admin or a node
 * @param maxWatchesPerNode      catalog long-polls parked at once for one node (an agent holds one); more get 429
 * @param maxEnrollmentsInFlight enrollments being checked (token, CSR, signing) at once; more get 503
 * @param enrollAttemptsPerMinute enrollment attempts one source (an IPv4 address, an IPv6 /64) may make a minute;
 *                               more get 429
 */
public record ApiLimits(Duration requestReadTimeout, Duration tlsHandshakeTimeout, int maxAnonymousConnections,
                        int maxWatchesPerNode, int maxEnrollmentsInFlight, int enrollAttemptsPerMinute) {
    public static final ApiLimits DEFAULTS = new ApiLimits(Duration.ofSeconds(30), Duration.ofSeconds(10), 1024, 4,
            64, 30);

    public ApiLimits {
        positive(requestReadTimeout, "requestReadTimeout");
        positive(tlsHandshakeTimeout, "tlsHandshakeTimeout");
        atLeastOne(maxAnonymousConnections, "maxAnonymousConnections");
        atLeastOne(maxWatchesPerNode, "maxWatchesPerNode");
        atLeastOne(maxEnrollmentsInFlight, "maxEnrollmentsInFlight");
        atLeastOne(enrollAttemptsPerMinute, "enrollAttemptsPerMinute");
    }

    public ApiLimits withRequestReadTimeout(Duration timeout) {
        return new ApiLimits(timeout, tlsHandshakeTimeout, maxAnonymousConnections, maxWatchesPerNode,
                maxEnrollmentsInFlight, enrollAttemptsPerMinute);
    }

    public ApiLimits withEnrollAttemptsPerMinute(int attempts) {
        return new ApiLimits(requestReadTimeout, tlsHandshakeTimeout, maxAnonymousConnections, maxWatchesPerNode,
                maxEnrollmentsInFlight, attempts);
    }

    private static void positive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero() || duration.toMillis() < 1) {
            throw new IllegalArgumentException(name + ": expected at least 1 ms, got " + duration);
        }
    }

    private static void atLeastOne(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + ": expected at least 1, got " + value);
        }
    }
}
