package io.kubenode.controller.catalog;

import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.document.Documents;
import io.kubenode.controller.compiler.ByteSlice;
import io.kubenode.controller.compiler.SerializedCatalog;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

import java.nio.charset.StandardCharsets;

/** A node's current catalog as served: its generation and the JSON body (with that generation in its metadata). */
public record PublishedCatalog(String node, long generation, Buffer body) {
    private static final byte[] CLOSE = {'}'};

    /**
     * The catalog numbered {@code generation}, as the canonical JSON of {@link NodeCatalog}. Only the envelope (a
     * few hundred bytes) is written here; the spec's JSON, most of a large fleet's bytes, is the compiler's (made
     * for the content hash), served in place: the body is a read-only view over the envelope and that slice.
     */
    public static PublishedCatalog of(SerializedCatalog compiled, long generation) {
        NodeCatalog catalog = compiled.catalog();
        NodeCatalog numbered = catalog.withGeneration(generation);
        String envelope = Documents.canonicalJson(new NodeCatalog(numbered.apiVersion(), numbered.kind(),
                numbered.metadata(), null));
        byte[] head = (envelope.substring(0, envelope.length() - 1) + ",\"spec\":").getBytes(StandardCharsets.UTF_8);
        ByteSlice spec = compiled.specJson();
        // Vert.x slices the buffer for each response it is written to, so one body serves every request.
        Buffer body = BufferInternal.buffer(Unpooled.wrappedUnmodifiableBuffer(Unpooled.wrappedBuffer(head),
                Unpooled.wrappedBuffer(spec.array(), spec.offset(), spec.length()), Unpooled.wrappedBuffer(CLOSE)));
        return new PublishedCatalog(catalog.metadata().node(), generation, body);
    }
}
