package io.kubenode.controller.api;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request a test fires at the API to see it refused: who sends it ("admin", "node1"), the method, the raw path
 * with query, an optional body, headers, and whether the body goes chunked (no Content-Length).
 */
record HostileRequest(String name, String client, String method, String path, byte[] body,
                      Map<String, String> headers, boolean chunked) {
    static final String YAML = "application/yaml";
    static final String JSON = "application/json";
    /** Well-formed (6 + 16 characters) so enrollment reads the body; no such token exists. */
    static final String BOGUS_BEARER = "Bearer abcdef.0123456789abcdef";

    static HostileRequest of(String name, String client, String method, String path) {
        return new HostileRequest(name, client, method, path, null, Map.of(), false);
    }

    HostileRequest withBody(byte[] bytes, String contentType) {
        HostileRequest request = new HostileRequest(name, client, method, path, bytes, headers, chunked);
        return contentType == null ? request : request.withHeader("Content-Type", contentType);
    }

    HostileRequest withBody(String text, String contentType) {
        return withBody(text.getBytes(StandardCharsets.UTF_8), contentType);
    }

    HostileRequest withHeader(String header, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(header, value);
        return new HostileRequest(name, client, method, path, body, Map.copyOf(more), chunked);
    }

    HostileRequest chunkedBody() {
        return new HostileRequest(name + " (chunked)", client, method, path, body, headers, true);
    }

    HostileRequest as(String otherClient) {
        return new HostileRequest(name, otherClient, method, path, body, headers, chunked);
    }

    /** Reads never change anything; every write in these tests must be refused. */
    boolean isRead() {
        return method.equals("GET") || method.equals("HEAD");
    }

    @Override
    public String toString() {
        return client + " " + method + " " + (path.length() > 80 ? path.substring(0, 80) + "..." : path) + " ["
                + name + "]";
    }
}
