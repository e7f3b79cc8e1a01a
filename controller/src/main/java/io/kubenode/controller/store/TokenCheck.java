package io.kubenode.controller.store;

/** The outcome of presenting a bootstrap token for enrollment; only {@link #ACCEPTED} took a use. */
public enum TokenCheck {
    ACCEPTED,
    /** No token with that id, or the secret does not match. */
    UNKNOWN,
    EXPIRED,
    USED_UP,
    /** The token is bound to another node name. */
    WRONG_NODE,
    REVOKED
}
