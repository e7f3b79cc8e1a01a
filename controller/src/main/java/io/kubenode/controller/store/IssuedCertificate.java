package io.kubenode.controller.store;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * A certificate the controller signed: a node's (at enrollment or renewal) or an admin's (by init or
 * {@code kubenode-controller admin-credentials}); {@code subject} is the certificate's CN (the node name for a node).
 * {@code revoked} once an admin revoked it.
 */
public record IssuedCertificate(String subject, BigInteger serial, Instant notAfter, Instant issuedAt,
                                boolean revoked, Kind kind) {

    /** What the certificate is for; stored as the lowercase name. */
    public enum Kind {
        NODE, ADMIN, MONITORING;

        public String stored() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind ofStored(String value) {
            return Arrays.stream(values()).filter(kind -> kind.stored().equals(value)).findFirst()
                    .orElseThrow(() -> new StoreException("unknown certificate kind '" + value + "' in the store"));
        }
    }

    /** The node name of a node certificate (the subject). */
    public String nodeName() {
        return subject;
    }
}
