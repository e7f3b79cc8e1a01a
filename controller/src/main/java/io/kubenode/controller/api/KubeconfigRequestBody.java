package io.kubenode.controller.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.document.Documents;
import io.kubenode.controller.kubeconfig.AdminKubeconfigs;

import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The body of {@code POST /api/v1/kubeconfig}: {@code {"csr": "-----BEGIN CERTIFICATE REQUEST-----...",
 * "ttlSeconds": 86400}}; the CSR is required, the ttl optional (24 h) and bounded to 10 minutes..7 days. Strict like
 * {@link TokenRequestBody}: exact JSON types, unknown fields refused. Cheap (no public-key work).
 */
final class KubeconfigRequestBody {
    /** A PEM CSR of any sane key is a few KiB; more is not a CSR. */
    static final int MAX_CSR_CHARS = 16 * 1024;
    private static final String CSR = "csr";
    private static final String TTL = "ttlSeconds";
    private static final Set<String> FIELDS = new TreeSet<>(Set.of(CSR, TTL));

    private KubeconfigRequestBody() {
    }

    record Request(String csrPem, Duration ttl) {
    }

    /** The request; an IllegalArgumentException says "field: problem" without repeating the input. */
    static Request parse(byte[] body) {
        JsonNode node;
        try {
            node = body.length == 0 ? null : Documents.json().readTree(body);
        } catch (IOException unreadable) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("body: expected a JSON object {\"csr\": \"-----BEGIN CERTIFICATE "
                    + "REQUEST-----...\", \"ttlSeconds\": " + AdminKubeconfigs.DEFAULT_TTL.toSeconds() + "}");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "' (expected one of: "
                        + String.join(", ", FIELDS) + ")");
            }
        }
        JsonNode csr = node.get(CSR);
        if (csr == null || !csr.isTextual() || csr.textValue().isBlank()) {
            throw new IllegalArgumentException(CSR + ": expected a PEM certificate request (string)");
        }
        if (csr.textValue().length() > MAX_CSR_CHARS) {
            throw new IllegalArgumentException(CSR + ": longer than " + MAX_CSR_CHARS + " characters, not a CSR");
        }
        return new Request(csr.textValue(), ttl(node.get(TTL)));
    }

    private static Duration ttl(JsonNode value) {
        if (value == null || value.isNull()) {
            return AdminKubeconfigs.DEFAULT_TTL;
        }
        long min = AdminKubeconfigs.MIN_TTL.toSeconds();
        long max = AdminKubeconfigs.MAX_TTL.toSeconds();
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < min
                || value.longValue() > max) {
            throw new IllegalArgumentException(TTL + ": expected an integer " + min + ".." + max + " (10 minutes to "
                    + "7 days), got " + (value.isNumber() ? value.asText()
                    : "a " + value.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        return Duration.ofSeconds(value.longValue());
    }
}
