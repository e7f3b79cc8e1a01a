package io.kubenode.controller.store;

import java.time.Instant;

/**
 * One change: who made it (the client certificate CN, or {@code system:bootstrap:<token id>} for an enrollment),
 * when, what kind of change ({@code cluster.put}, {@code token.create}, ...), on which object, and a short summary.
 */
public record AuditEntry(long id, Instant at, String who, String action, String object, String summary) {
}
