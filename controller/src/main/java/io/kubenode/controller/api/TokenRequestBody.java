package io.kubenode.controller.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.document.Documents;
import io.kubenode.common.validation.Patterns;
import io.kubenode.controller.token.TokenRequest;

import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The body of {@code POST /api/v1/tokens}: {@code {"ttlSeconds": 3600, "uses": 1, "nodeName": "node1"}}, every field
 * optional. Strict on purpose: Jackson's {@code asLong}/{@code asInt} would turn "600", true, [] or 2^64+600 into a
 * number (or the default) and mint a token nobody asked for, so each field must have exactly its JSON type and range,
 * and unknown fields are refused like everywhere else in the API.
 */
final class TokenRequestBody {
    static final long MAX_TTL_SECONDS = Duration.ofDays(7).toSeconds();
    static final int MAX_USES = 10_000;
    private static final String TTL = "ttlSeconds";
    private static final String USES = "uses";
    private static final String NODE_NAME = "nodeName";
    private static final Set<String> FIELDS = new TreeSet<>(Set.of(TTL, USES, NODE_NAME));

    private TokenRequestBody() {
    }

    /** The request the body asks for; an IllegalArgumentException says "field: problem". */
    static TokenRequest parse(byte[] body) {
        JsonNode node = object(body);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "' (expected one of: "
                        + String.join(", ", FIELDS) + ")");
            }
        }
        long ttl = integer(node, TTL, TokenRequest.DEFAULT_TTL.toSeconds(), MAX_TTL_SECONDS);
        long uses = integer(node, USES, TokenRequest.DEFAULT_USES, MAX_USES);
        return new TokenRequest(Duration.ofSeconds(ttl), (int) uses, nodeName(node));
    }

    private static JsonNode object(byte[] body) {
        if (body.length == 0) {
            return Documents.json().createObjectNode();
        }
        try {
            JsonNode node = Documents.json().readTree(body);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (IOException unreadable) {
            // syntax errors, invalid UTF-8 and nesting past Jackson's limits all end here
        }
        throw new IllegalArgumentException("body: expected a JSON object");
    }

    /** An integer in 1..max; absent or null means {@code fallback}. Floats, strings and booleans are refused. */
    private static long integer(JsonNode body, String field, long fallback, long max) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 1
                || value.longValue() > max) {
            throw new IllegalArgumentException(field + ": expected an integer 1.." + max + ", got "
                    + describe(value));
        }
        return value.longValue();
    }

    /** Numbers as written; anything else by its type, so a megabyte string is not echoed back. */
    private static String describe(JsonNode value) {
        return value.isNumber() ? value.asText() : "a " + value.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static String nodeName(JsonNode body) {
        JsonNode value = body.get(NODE_NAME);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || !Patterns.isDns1123Subdomain(value.textValue())) {
            throw new IllegalArgumentException(NODE_NAME + ": expected a DNS-1123 name");
        }
        return value.textValue();
    }
}
