package io.kubenode.controller.orchestration.clusterapi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An HTTP/1.1 answer read whole off a connection that closes after it ({@code Connection: close}): status and body,
 * the body by Content-Length, chunked, or up to the end. Pure.
 */
record HttpAnswer(int status, byte[] body) {

    static HttpAnswer parse(byte[] raw) {
        int headersEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        if (headersEnd < 0) {
            throw new IllegalArgumentException("no complete HTTP head in " + raw.length + " bytes");
        }
        String[] head = new String(raw, 0, headersEnd, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = head[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
            throw new IllegalArgumentException("not an HTTP/1.x status line");
        }
        int status = Integer.parseInt(statusLine[1]);
        long length = -1;
        boolean chunked = false;
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = head[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = head[i].substring(colon + 1).strip();
            if (name.equals("content-length")) {
                length = Long.parseLong(value);
            } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        int bodyStart = headersEnd + 4;
        if (chunked) {
            return new HttpAnswer(status, dechunk(raw, bodyStart));
        }
        int end = length < 0 ? raw.length : (int) Math.min(raw.length, bodyStart + length);
        if (length >= 0 && bodyStart + length > raw.length) {
            throw new IllegalArgumentException("body cut short: " + (raw.length - bodyStart) + " of " + length
                    + " bytes");
        }
        byte[] body = new byte[end - bodyStart];
        System.arraycopy(raw, bodyStart, body, 0, body.length);
        return new HttpAnswer(status, body);
    }

    private static byte[] dechunk(byte[] raw, int start) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = start;
        while (true) {
            int lineEnd = indexOf(raw, at, "\r\n".getBytes(StandardCharsets.US_ASCII));
            if (lineEnd < 0) {
                throw new IllegalArgumentException("chunked body cut short");
            }
            String sizeText = new String(raw, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int semicolon = sizeText.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeText : sizeText.substring(0, semicolon)).strip(), 16);
            at = lineEnd + 2;
            if (size == 0) {
                return body.toByteArray();
            }
            if (size < 0 || at + size > raw.length) {
                throw new IllegalArgumentException("chunked body cut short");
            }
            body.write(raw, at, size);
            at += size + 2;
        }
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        return indexOf(data, 0, pattern);
    }

    private static int indexOf(byte[] data, int from, byte[] pattern) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
