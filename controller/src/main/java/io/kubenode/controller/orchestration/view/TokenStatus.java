package io.kubenode.controller.orchestration.view;

import io.kubenode.controller.orchestration.BootstrapToken;

/**
 * The bootstrap token as the API shows it: its id only. The id is the public half of {@code ID.SECRET} (kubeadm
 * lists it, the cluster stores it in the clear as the Secret's name {@code bootstrap-token-ID}); it grants nothing
 * without the secret half, which never leaves the controller's store but in the catalogs of the nodes that need it.
 */
public record TokenStatus(String id, String holder, String state, String validUntil) {
    static TokenStatus of(BootstrapToken token) {
        return token == null ? null : new TokenStatus(token.id(), token.holder(), token.state(), token.validUntil());
    }
}
