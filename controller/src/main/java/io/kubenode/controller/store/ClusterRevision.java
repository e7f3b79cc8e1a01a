package io.kubenode.controller.store;

import java.time.Instant;
import java.util.Objects;

/** One stored version of the cluster document: the text as submitted, who stored it and when. */
public record ClusterRevision(long resourceVersion, String text, String author, Instant createdAt) {
    public ClusterRevision {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
