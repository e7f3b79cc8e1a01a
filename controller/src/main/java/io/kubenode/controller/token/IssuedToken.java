package io.kubenode.controller.token;

import java.time.Instant;

/** A token just created: the only time its secret exists outside the node that presents it. */
public record IssuedToken(BootstrapToken token, Instant expiresAt, int uses, String nodeName) {
}
