package io.kubenode.agent.controller;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.document.Documents;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The controller's error body {@code {code, message, details[]}}; read leniently, it only feeds messages. */
public record ApiError(String code, String message, List<String> details) {
    public static final String CERTIFICATE_REVOKED = "certificate_revoked";

    public ApiError {
        details = details == null ? List.of() : List.copyOf(details);
    }

    /** The error in a response body; empty when the body is not one (a proxy's HTML page, nothing). */
    public static Optional<ApiError> parse(byte[] body) {
        if (body == null || body.length == 0 || body.length > 64 * 1024) {
            return Optional.empty();
        }
        try {
            JsonNode node = Documents.json().readTree(body);
            if (node == null || !node.isObject() || !node.path("code").isTextual()) {
                return Optional.empty();
            }
            List<String> details = new ArrayList<>();
            node.path("details").forEach(detail -> details.add(detail.asText()));
            return Optional.of(new ApiError(node.path("code").asText(), node.path("message").asText(""), details));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** "code: message" and the details, one line. */
    public String render() {
        String text = code + (message.isEmpty() ? "" : ": " + message);
        return details.isEmpty() ? text : text + " (" + String.join("; ", details) + ")";
    }
}
