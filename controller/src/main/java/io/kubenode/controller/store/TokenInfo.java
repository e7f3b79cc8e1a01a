package io.kubenode.controller.store;

import java.time.Instant;

/**
 * A stored bootstrap token as callers may see and print it: no secret, no hash. {@code nodeName} null means any
 * node; {@code revokedAt} null means not revoked.
 */
public record TokenInfo(String id, Instant expiresAt, int usesLeft, String nodeName, String createdBy,
                        Instant createdAt, Instant revokedAt) {

    public boolean revoked() {
        return revokedAt != null;
    }
}
