package io.kubenode.controller.compiler;

import io.kubenode.common.catalog.NodeCatalog;

/** A compiled catalog and the canonical JSON of its spec, from which its content hash was computed. */
public record SerializedCatalog(NodeCatalog catalog, String specJson) {
}
