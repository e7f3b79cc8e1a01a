package io.kubenode.agent.controller;

import java.util.Optional;

/**
 * An exchange with the controller that did not succeed: unreachable (connection, TLS, timeout), refused (an HTTP
 * error status, with the controller's {@link ApiError} when it sent one) or a protocol breach (an answer that
 * makes no sense). Messages never carry the bootstrap token or a key.
 */
public final class ControllerException extends Exception {

    public enum Kind { UNREACHABLE, REFUSED, PROTOCOL }

    private final Kind kind;
    private final int status;
    private final transient ApiError error;

    private ControllerException(Kind kind, int status, ApiError error, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.error = error;
    }

    public static ControllerException unreachable(String what, Throwable cause) {
        String reason = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        return new ControllerException(Kind.UNREACHABLE, 0, null, what + ": controller unreachable: " + reason, cause);
    }

    public static ControllerException refused(String what, int status, Optional<ApiError> error) {
        String detail = error.map(ApiError::render).orElse("no error body");
        return new ControllerException(Kind.REFUSED, status, error.orElse(null),
                what + " refused (HTTP " + status + "): " + detail, null);
    }

    public static ControllerException protocol(String what, String problem) {
        return new ControllerException(Kind.PROTOCOL, 0, null, what + ": unexpected answer: " + problem, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status of a refusal; 0 otherwise. */
    public int status() {
        return status;
    }

    public Optional<ApiError> error() {
        return Optional.ofNullable(error);
    }

    /** The controller said this node's certificate is revoked: retrying soon cannot help. */
    public boolean revoked() {
        return status == 401 && error != null && ApiError.CERTIFICATE_REVOKED.equals(error.code());
    }
}
