package io.kubenode.controller.orchestration;

import java.time.Duration;

/** How long a failed kubeadm step waits before its next attempt: 30 s, doubling per attempt, at most 10 min. */
public final class Backoff {
    public static final Duration FIRST = Duration.ofSeconds(30);
    public static final Duration MAX = Duration.ofMinutes(10);

    private Backoff() {
    }

    /** The wait after attempt {@code failedAttempt} (from 1) failed. */
    public static Duration after(int failedAttempt) {
        int doublings = Math.max(0, Math.min(failedAttempt - 1, 10));
        Duration wait = FIRST.multipliedBy(1L << doublings);
        return wait.compareTo(MAX) > 0 ? MAX : wait;
    }
}
