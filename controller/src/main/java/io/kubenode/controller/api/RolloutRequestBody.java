package io.kubenode.controller.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.document.Documents;

import java.io.IOException;
import java.util.Iterator;

/**
 * The optional bodies of the rollout actions: {@code POST /api/v1/rollout/pause} takes {@code {"reason": "..."}}
 * (one line of at most {@link #MAX_REASON_CHARS} characters: it is shown in tables and the audit log), resume and
 * undo take no field. No body, or {@code {}}, is fine. Strict otherwise: unknown fields and wrong types refused.
 */
final class RolloutRequestBody {
    static final int MAX_REASON_CHARS = 200;
    static final String REASON = "reason";

    private RolloutRequestBody() {
    }

    /**
     * The pause reason (null: none given); with {@code reasonAllowed} false only an empty body or {@code {}} passes.
     * An IllegalArgumentException says "field: problem" without repeating the input.
     */
    static String parse(byte[] body, boolean reasonAllowed) {
        if (body.length == 0) {
            return null;
        }
        JsonNode node;
        try {
            node = Documents.json().readTree(body);
        } catch (IOException unreadable) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("body: expected no body or a JSON object"
                    + (reasonAllowed ? " {\"" + REASON + "\": \"...\"}" : " without fields ({})"));
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!reasonAllowed || !REASON.equals(name)) {
                throw new IllegalArgumentException(name + ": unknown field ("
                        + (reasonAllowed ? "expected only '" + REASON + "')" : "this route takes none)"));
            }
        }
        JsonNode reason = node.get(REASON);
        if (reason == null || reason.isNull()) {
            return null;
        }
        if (!reason.isTextual()) {
            throw new IllegalArgumentException(REASON + ": expected a string, got a "
                    + reason.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        String text = reason.textValue().strip();
        if (text.length() > MAX_REASON_CHARS) {
            throw new IllegalArgumentException(REASON + ": longer than " + MAX_REASON_CHARS + " characters");
        }
        if (text.codePoints().anyMatch(RolloutRequestBody::hidden)) {
            throw new IllegalArgumentException(REASON + ": one line of plain text expected (no control or bidirectional-override characters)");
        }
        return text.isEmpty() ? null : text;
    }

    /**
     * Control characters, and the bidirectional overrides and isolates that make a terminal show text in another
     * order than it is stored (the reason is printed in tables and the audit log).
     */
    private static boolean hidden(int codePoint) {
        return Character.isISOControl(codePoint) || codePoint >= 0x202A && codePoint <= 0x202E
                || codePoint >= 0x2066 && codePoint <= 0x2069;
    }
}
