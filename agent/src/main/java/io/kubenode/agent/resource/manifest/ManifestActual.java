package io.kubenode.agent.resource.manifest;

/**
 * What {@code kubectl diff --server-side} said: whether the cluster's objects differ from the file, and how many
 * lines its diff had (a size people can judge, not the diff itself, which may quote object contents).
 */
public record ManifestActual(boolean differs, int diffLines) {
}
