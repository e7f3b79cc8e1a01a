package io.kubenode.controller.token;

/** Text that is not a bootstrap token. */
public final class InvalidTokenException extends IllegalArgumentException {
    static final String FORMAT = "not a bootstrap token: expected <id>.<secret>, 6 and 16 characters of a-z and 0-9"
            + " (like abcdef.0123456789abcdef)";

    InvalidTokenException(String message) {
        super(message);
    }
}
