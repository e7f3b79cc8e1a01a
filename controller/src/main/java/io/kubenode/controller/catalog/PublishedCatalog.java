package io.kubenode.controller.catalog;

import io.vertx.core.buffer.Buffer;

/** A node's current catalog as served: its generation and the JSON body (with that generation in its metadata). */
public record PublishedCatalog(String node, long generation, Buffer body) {
}
