package io.kubenode.agent.host;

/** What the host says about a path: type, octal mode ("0644"), owner and group names, size in bytes. */
public record FileStat(boolean directory, String mode, String owner, String group, long size) {
}
