package io.kubenode.controller.catalog;

import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.document.Documents;
import io.vertx.core.buffer.Buffer;

/** A node's current catalog as served: its generation and the JSON body (with that generation in its metadata). */
public record PublishedCatalog(String node, long generation, Buffer body) {

    /**
     * The catalog numbered {@code generation}, as the canonical JSON of {@link NodeCatalog}. The envelope (a few
     * hundred bytes) and the spec are written separately and joined: the spec is most of a large fleet's bytes,
     * and this way it is serialised once per publication instead of once more for the numbered copy.
     */
    public static PublishedCatalog of(NodeCatalog catalog, long generation) {
        NodeCatalog numbered = catalog.withGeneration(generation);
        String envelope = Documents.canonicalJson(new NodeCatalog(numbered.apiVersion(), numbered.kind(),
                numbered.metadata(), null));
        String spec = Documents.canonicalJson(catalog.spec());
        Buffer body = Buffer.buffer(envelope.length() + spec.length() + 10)
                .appendString(envelope.substring(0, envelope.length() - 1)).appendString(",\"spec\":")
                .appendString(spec).appendString("}");
        return new PublishedCatalog(catalog.metadata().node(), generation, body);
    }
}
