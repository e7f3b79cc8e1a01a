package io.kubenode.controller.store;

/** A node's freshly compiled catalog, to be recorded with the cluster revision it came from. */
public record CatalogRecord(String nodeName, String contentHash, String catalogJson) {
}
