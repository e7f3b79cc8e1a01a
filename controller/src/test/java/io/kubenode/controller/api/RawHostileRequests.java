package io.kubenode.controller.api;

import io.kubenode.controller.realcheck.ExternalCommand;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

import static io.kubenode.controller.api.HostileRequest.BOGUS_BEARER;
import static io.kubenode.controller.api.HostileRequest.JSON;
import static io.kubenode.controller.api.HostileRequest.YAML;
import static io.kubenode.controller.api.HostileRequests.CLUSTER;
import static io.kubenode.controller.api.HostileRequests.ENROLL;
import static io.kubenode.controller.api.HostileRequests.TOKENS;

/**
 * Hostile requests java.net.http refuses to build: escapes that do not decode, dot segments sent as they are, raw
 * invalid bytes, chunked uploads past the limit (curl), and bytes that are barely HTTP at all (openssl s_client).
 */
final class RawHostileRequests {
    private RawHostileRequests() {
    }

    static List<HostileRequestsTest.Outcome> curlCases(
            BiFunction<HostileRequest, List<String>, HostileRequestsTest.Outcome> curl) {
        byte[] oversized = new byte[HostileRequests.OVERSIZED];
        Arrays.fill(oversized, (byte) 'x');
        List<HostileRequestsTest.Outcome> outcomes = new ArrayList<>();
        for (HostileRequest request : List.of(
                admin("invalid UTF-8 in a cluster", "PUT", CLUSTER).withBody(bytes("apiVersion: ", 0xc3, 0x28), YAML),
                admin("invalid UTF-8 in a token request", "POST", TOKENS).withBody(bytes("{\"nodeName\": \"", 0xff,
                        '"', '}'), JSON),
                admin("invalid UTF-8 in an enrollment", "POST", ENROLL).withBody(bytes("{\"nodeName\": \"", 0xed,
                        0xa0, 0x80, '"', '}'), JSON).withHeader("Authorization", BOGUS_BEARER),
                admin("cluster of 2 MiB", "PUT", CLUSTER).withBody(oversized, YAML).chunkedBody(),
                admin("token of 2 MiB", "POST", TOKENS).withBody(oversized, JSON).chunkedBody(),
                admin("enroll of 2 MiB", "POST", ENROLL).withBody(oversized, JSON)
                        .withHeader("Authorization", BOGUS_BEARER).chunkedBody(),
                admin("undecodable token id", "DELETE", TOKENS + "/%zz"),
                admin("a lone percent", "DELETE", TOKENS + "/%"),
                admin("undecodable cluster path", "GET", CLUSTER + "/%zz"),
                admin("undecodable resourceVersion", "PUT", CLUSTER + "?resourceVersion=%zz")
                        .withBody(HostileDocuments.EXAMPLE, YAML),
                admin("resourceVersion a lone percent", "PUT", CLUSTER + "?resourceVersion=%")
                        .withBody(HostileDocuments.EXAMPLE, YAML),
                admin("undecodable query on a read", "GET", CLUSTER + "?resourceVersion=%zz"))) {
            outcomes.add(curl.apply(request, List.of()));
        }
        for (String path : List.of(TOKENS + "/../../v1/cluster", TOKENS + "/./abcdef", "/api/v1/../../../etc/passwd",
                "/api/v1/tokens/%2e%2e/%2e%2e/cluster")) {
            outcomes.add(curl.apply(admin("dot segments as sent", "DELETE", path), List.of("--path-as-is")));
        }
        return outcomes;
    }

    static List<HostileRequestsTest.Outcome> opensslCases(
            Function<HostileRequest, HostileRequestsTest.Outcome> openssl) {
        String close = "Host: 127.0.0.1\r\nConnection: close\r\n";
        List<HostileRequestsTest.Outcome> outcomes = new ArrayList<>();
        for (HostileRequest request : List.of(
                raw("not HTTP at all", "garbage\r\n\r\n"),
                raw("a header without a colon", "GET " + TOKENS + " HTTP/1.1\r\n" + close + "no colon here\r\n\r\n"),
                raw("a negative Content-Length", "PUT " + CLUSTER + " HTTP/1.1\r\n" + close
                        + "Content-Length: -1\r\n\r\n"),
                raw("two Content-Lengths", "POST " + TOKENS + " HTTP/1.1\r\n" + close
                        + "Content-Length: 1\r\nContent-Length: 2\r\n\r\n{}"),
                raw("Content-Length and chunked together", "POST " + TOKENS + " HTTP/1.1\r\n" + close
                        + "Content-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "1\r\n{\r\n0\r\n\r\n"),
                raw("HTTP/1.0 without a Host", "DELETE " + TOKENS + "/abcdef HTTP/1.0\r\n\r\n"),
                raw("an absolute URI of another host", "DELETE https://evil.example" + TOKENS + "/abcdef HTTP/1.1\r\n"
                        + close + "\r\n"),
                raw("CONNECT", "CONNECT 127.0.0.1:22 HTTP/1.1\r\n" + close + "\r\n"),
                raw("a 5000-character method", "A".repeat(5000) + " / HTTP/1.1\r\n" + close + "\r\n"),
                new HostileRequest("invalid UTF-8 bytes in the path", "admin", "RAW", "-", concat(bytes("DELETE "
                        + TOKENS + "/", 0xff, 0xfe), (" HTTP/1.1\r\n" + close + "\r\n").getBytes(
                        StandardCharsets.US_ASCII)), Map.of(), false))) {
            outcomes.add(openssl.apply(request));
        }
        return outcomes;
    }

    /**
     * A chunk size that is no number: Netty fails the body, and Vert.x closes the connection at once, before any
     * answer can be written. Nothing to answer, then, but nothing may hang either.
     */
    static HostileRequest brokenChunk() {
        return raw("a chunk size that is no number", "PUT " + CLUSTER + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/yaml\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n");
    }

    /** Status line, Content-Type and body of the first response s_client printed; a failure when there is none. */
    static HostileRequestsTest.Outcome parseResponse(HostileRequest request, ExternalCommand.Result result) {
        String out = result.stdout();
        int headersEnd = out.indexOf("\r\n\r\n");
        if (!out.startsWith("HTTP/") || headersEnd < 0) {
            return new HostileRequestsTest.Outcome(request, 0, "", "", "no HTTP response: " + result.describe());
        }
        String[] head = out.substring(0, headersEnd).split("\r\n");
        int status = Integer.parseInt(head[0].split(" ")[1]);
        String contentType = "";
        for (String header : head) {
            if (header.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                contentType = header.substring(header.indexOf(':') + 1).strip();
            }
        }
        return new HostileRequestsTest.Outcome(request, status, contentType, out.substring(headersEnd + 4), null);
    }

    private static HostileRequest admin(String name, String method, String path) {
        return HostileRequest.of(name, "admin", method, path);
    }

    /** A raw request: its bytes are the body of a pseudo request with method RAW, so it counts as a write. */
    static HostileRequest raw(String name, String bytes) {
        return new HostileRequest(name, "admin", "RAW", "-", bytes.getBytes(StandardCharsets.ISO_8859_1),
                Map.of(), false);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(first);
        out.writeBytes(second);
        return out.toByteArray();
    }

    /** Text followed by single bytes (ints so 0xff needs no cast). */
    private static byte[] bytes(String text, int... more) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        for (int b : more) {
            out.write(b);
        }
        return out.toByteArray();
    }
}
