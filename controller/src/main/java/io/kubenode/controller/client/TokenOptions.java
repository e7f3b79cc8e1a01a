package io.kubenode.controller.client;

/** What {@code POST /api/v1/tokens} asks for; a null node is left out (any node may use the token). */
public record TokenOptions(long ttlSeconds, int uses, String nodeName) {
}
