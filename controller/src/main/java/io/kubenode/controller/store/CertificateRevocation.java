package io.kubenode.controller.store;

import java.math.BigInteger;
import java.time.Instant;

/** A revoked node certificate, by serial. */
public record CertificateRevocation(String nodeName, BigInteger serial, String revokedBy, Instant revokedAt) {
}
