package io.kubenode.controller.store;

import java.time.Instant;

/** The last compiled catalog of a node: its generation, content hash, and when the generation last moved. */
public record NodeGeneration(String nodeName, long generation, String contentHash, Instant changedAt) {
}
