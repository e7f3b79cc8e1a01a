package io.kubenode.common.net;

import javax.net.ssl.SSLContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One HTTP/1.1 GET to an address chosen by the caller, not by the resolver: a health check of a URL whose host name
 * must resolve somewhere else than the system resolver says (a sandbox's own /etc/hosts, a per-node loopback
 * address). For https the TLS handshake still names and verifies the URL's host (SNI, hostname verification against
 * the certificate), so connecting elsewhere never weakens what is checked. No proxy, no redirects, no keep-alive.
 */
public final class DirectHttpGet {
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final int BODY_EXCERPT = 200;

    private DirectHttpGet() {
    }

    /** The status code and the first bytes of the body. */
    public record Answer(int status, String bodyExcerpt) {
    }

    /**
     * GETs {@code url} from {@code address} (port from the URL, else 80/443). {@code tls} is required for https and
     * must carry the trust to verify the server with; the whole exchange is bounded by {@code timeout}.
     */
    public static Answer get(URI url, InetAddress address, SSLContext tls, Duration timeout) throws IOException {
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        if (!https && !"http".equalsIgnoreCase(url.getScheme())) {
            throw new IllegalArgumentException("not an http(s) URL: " + url);
        }
        if (https && tls == null) {
            throw new IllegalArgumentException("an https GET needs a TLS context: " + url);
        }
        // an IPv6 literal comes bracketed from the URI; TLS (no SNI, IP SAN check) and the Host header want it bare
        String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1)
                : url.getHost();
        int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
        long deadline = System.nanoTime() + timeout.toNanos();
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(address, port), remainingMillis(deadline));
            Socket socket = https ? DirectTls.handshake(plain, tls, host, port, remainingMillis(deadline)) : plain;
            try (socket) {
                socket.setSoTimeout(remainingMillis(deadline));
                String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
                String query = url.getRawQuery() == null ? "" : "?" + url.getRawQuery();
                String hostHeader = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
                OutputStream out = socket.getOutputStream();
                out.write(("GET " + path + query + " HTTP/1.1\r\nHost: " + hostHeader
                        + "\r\nUser-Agent: kubenode\r\nAccept: */*\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return read(socket.getInputStream());
            }
        } finally {
            plain.close();
        }
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("the server closed the connection before a complete HTTP response head");
            }
            head.write(next);
            if (head.size() > MAX_HEADER_BYTES) {
                throw new IOException("HTTP response head larger than " + MAX_HEADER_BYTES + " bytes");
            }
            matched = next == "\r\n\r\n".charAt(matched) ? matched + 1 : next == '\r' ? 1 : 0;
        }
        String statusLine = head.toString(StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x response: " + statusLine);
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status: " + statusLine);
        }
        int excerpt = Math.min(BODY_EXCERPT, contentLength(head.toString(StandardCharsets.ISO_8859_1)));
        byte[] body;
        try {
            // bounded by Content-Length when the server sends one, so a server keeping the connection open despite
            // "Connection: close" costs no wait
            body = in.readNBytes(excerpt);
        } catch (SocketTimeoutException e) {
            body = new byte[0]; // the status is what counts; a slow body does not change it
        }
        return new Answer(status, new String(body, StandardCharsets.UTF_8).strip());
    }

    /** The Content-Length header's value, or the excerpt size when there is none (or it is not a number). */
    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                try {
                    return (int) Math.min(Integer.MAX_VALUE, Long.parseLong(line.substring(colon + 1).trim()));
                } catch (NumberFormatException e) {
                    return BODY_EXCERPT;
                }
            }
        }
        return BODY_EXCERPT;
    }

    private static int remainingMillis(long deadline) throws SocketTimeoutException {
        long millis = (deadline - System.nanoTime()) / 1_000_000;
        if (millis <= 0) {
            throw new SocketTimeoutException("no answer within the timeout");
        }
        return (int) Math.min(Integer.MAX_VALUE, millis);
    }
}
