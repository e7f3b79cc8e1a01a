package io.kubenode.controller.client;

/** The answer to {@code POST /api/v1/tokens}: {@code token} ({@code id.secret}) is shown this once. */
public record CreatedToken(String id, String token, String expiresAt, int uses, String nodeName) {
}
