package io.kubenode.controller.compiler;

import io.kubenode.common.catalog.NodeCatalog;

/**
 * A compiled catalog and the canonical JSON (UTF-8) of its spec, from which its content hash was computed. The
 * array is never modified after construction.
 */
public record SerializedCatalog(NodeCatalog catalog, byte[] specJson) {
}
