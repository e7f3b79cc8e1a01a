package io.kubenode.controller.client;

/** One stored revision of the cluster document, as {@code GET /api/v1/cluster} and its history answer it. */
public record ClusterDocument(long resourceVersion, String author, String createdAt, String document) {
}
