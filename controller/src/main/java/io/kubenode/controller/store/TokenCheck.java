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
    REVOKED,
    /**
     * The token is bound to no node, and the name it asks for is protected: it holds a valid certificate or is a
     * control plane. Only a token bound to that name may take it (a reinstall).
     */
    NEEDS_BOUND_TOKEN
}
