package io.kubenode.controller.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A bootstrap token to store: only the hash of its secret. {@code nodeName} null means any node may use it.
 * The hash is copied in and out so the record stays immutable, and never printed.
 */
public record NewToken(String id, byte[] secretHash, Instant expiresAt, int uses, String nodeName, String createdBy) {
    public NewToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(createdBy, "createdBy");
        if (uses < 1) {
            throw new IllegalArgumentException("a token needs at least one use, got " + uses);
        }
        secretHash = secretHash.clone();
    }

    @Override
    public byte[] secretHash() {
        return secretHash.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NewToken token && id.equals(token.id) && Arrays.equals(secretHash, token.secretHash)
                && expiresAt.equals(token.expiresAt) && uses == token.uses && Objects.equals(nodeName, token.nodeName)
                && createdBy.equals(token.createdBy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, Arrays.hashCode(secretHash), expiresAt, uses, nodeName, createdBy);
    }

    @Override
    public String toString() {
        return "NewToken[id=" + id + ", expiresAt=" + expiresAt + ", uses=" + uses + ", nodeName=" + nodeName
                + ", createdBy=" + createdBy + "]";
    }
}
