package io.kubenode.controller.client;

/** A bootstrap token as {@code GET /api/v1/tokens} lists it: never its secret. */
public record TokenView(String id, String expiresAt, int usesLeft, String nodeName, String createdBy,
                        boolean revoked) {
}
