package io.kubenode.controller.client;

/** One audit log entry: when, who (certificate CN or bootstrap token), which action, and a summary. */
public record AuditRecord(long id, String at, String who, String action, String summary) {
}
