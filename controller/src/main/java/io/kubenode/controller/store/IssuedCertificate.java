package io.kubenode.controller.store;

import java.math.BigInteger;
import java.time.Instant;

/** A node certificate the controller signed (at enrollment or renewal); {@code revoked} once an admin revoked it. */
public record IssuedCertificate(String nodeName, BigInteger serial, Instant notAfter, Instant issuedAt,
                                boolean revoked) {
}
