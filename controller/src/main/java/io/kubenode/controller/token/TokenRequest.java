package io.kubenode.controller.token;

import java.time.Duration;
import java.util.Objects;

/** What {@code token create} asks for; {@code nodeName} null lets any node enroll with the token. */
public record TokenRequest(Duration ttl, int uses, String nodeName) {
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    public static final int DEFAULT_USES = 1;

    public TokenRequest {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, got " + ttl);
        }
        if (uses < 1) {
            throw new IllegalArgumentException("uses must be at least 1, got " + uses);
        }
    }

    /** One use within an hour, by any node. */
    public static TokenRequest defaults() {
        return new TokenRequest(DEFAULT_TTL, DEFAULT_USES, null);
    }

    public TokenRequest forNode(String node) {
        return new TokenRequest(ttl, uses, node);
    }
}
