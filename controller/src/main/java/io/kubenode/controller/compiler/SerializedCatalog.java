package io.kubenode.controller.compiler;

import io.kubenode.common.catalog.NodeCatalog;

/**
 * A compiled catalog and the canonical JSON (UTF-8) of its spec, from which its content hash was computed; the
 * JSON lives in its batch's {@link ByteSlab}.
 */
public record SerializedCatalog(NodeCatalog catalog, ByteSlice specJson) {
}
