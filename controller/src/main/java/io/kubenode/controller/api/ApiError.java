package io.kubenode.controller.api;

import java.util.List;

/**
 * Every error the API answers: {@code {code, message, details[]}}. {@code code} is stable for scripts
 * ("unauthenticated", "forbidden", "invalid", "conflict", ...); details carry validator lines ("path: message").
 */
public record ApiError(String code, String message, List<String> details) {
    public ApiError {
        details = details == null ? List.of() : List.copyOf(details);
    }

    static ApiError of(String code, String message) {
        return new ApiError(code, message, List.of());
    }
}
