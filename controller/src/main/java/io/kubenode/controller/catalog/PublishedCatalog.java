package io.kubenode.controller.catalog;

import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.document.Documents;
import io.kubenode.controller.compiler.SerializedCatalog;
import io.vertx.core.buffer.Buffer;

/** A node's current catalog as served: its generation and the JSON body (with that generation in its metadata). */
public record PublishedCatalog(String node, long generation, Buffer body) {

    /**
     * The catalog numbered {@code generation}, as the canonical JSON of {@link NodeCatalog}. Only the envelope (a
     * few hundred bytes) is written here; the spec's JSON, most of a large fleet's bytes, is the one the compiler
     * made for the content hash.
     */
    public static PublishedCatalog of(SerializedCatalog compiled, long generation) {
        NodeCatalog catalog = compiled.catalog();
        NodeCatalog numbered = catalog.withGeneration(generation);
        String envelope = Documents.canonicalJson(new NodeCatalog(numbered.apiVersion(), numbered.kind(),
                numbered.metadata(), null));
        byte[] spec = compiled.specJson();
        Buffer body = Buffer.buffer(envelope.length() + spec.length + 10)
                .appendString(envelope.substring(0, envelope.length() - 1)).appendString(",\"spec\":")
                .appendBytes(spec).appendString("}");
        return new PublishedCatalog(catalog.metadata().node(), generation, body);
    }
}
