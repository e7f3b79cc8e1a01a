package io.kubenode.controller.client;

import io.kubenode.controller.api.ApiError;

import java.util.ArrayList;
import java.util.List;

/**
 * A request that did not succeed: either the controller answered an error ({@code status} and its
 * {@code {code, message, details}}), or there was no answer at all (status 0: refused connection, TLS failure,
 * timeout). {@link #lines()} is what kubenodectl prints.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final ApiError error;

    private ApiException(String message, int status, ApiError error, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.error = error;
    }

    static ApiException answered(int status, ApiError error) {
        return new ApiException(error.message(), status, error, null);
    }

    static ApiException noAnswer(String message, Throwable cause) {
        return new ApiException(message, 0, null, cause);
    }

    /** The HTTP status, 0 when the controller was not reached. */
    public int status() {
        return status;
    }

    /** The controller's error code ("conflict", "not_found", ...), or "unreachable". */
    public String code() {
        return error == null ? "unreachable" : error.code();
    }

    public boolean isConflict() {
        return status == 409;
    }

    public boolean isNotFound() {
        return status == 404;
    }

    /** The error as printed: a first line, then each detail ("path: message") on its own line. */
    public List<String> lines() {
        if (error == null) {
            return List.of("error: " + getMessage());
        }
        List<String> lines = new ArrayList<>();
        lines.add("error: the controller answered " + status + " " + error.code() + ": " + error.message());
        lines.addAll(error.details());
        return lines;
    }
}
