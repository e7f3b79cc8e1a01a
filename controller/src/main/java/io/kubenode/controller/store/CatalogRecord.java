package io.kubenode.controller.store;

/**
 * A node's freshly compiled catalog as the store records it: its content hash, which decides whether the node's
 * generation moves. The catalog itself is not stored: the revision's text compiles to it again, deterministically.
 */
public record CatalogRecord(String nodeName, String contentHash) {
}
