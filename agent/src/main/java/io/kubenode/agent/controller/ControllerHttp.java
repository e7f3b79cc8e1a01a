package io.kubenode.agent.controller;

import io.kubenode.agent.host.ProxySettings;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The HTTP plumbing every controller exchange shares: one JDK client per TLS identity (HTTP/1.1, no redirects:
 * an API answer is never somewhere else), proxies as for downloads ({@code https_proxy}/{@code no_proxy}), and
 * sending with failures turned into {@link ControllerException}s.
 */
public final class ControllerHttp {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    static final String JSON = "application/json";
    /**
     * The most an answer other than a catalog may be: certificates, a CA bundle, an error. Far above what the
     * controller sends, far below what would strain the agent.
     */
    public static final long ANSWER_MAX_BYTES = 1024 * 1024;

    private ControllerHttp() {
    }

    /** A client whose TLS is exactly {@code ssl}: its trust (never the JDK's store) and its client key, if any. */
    public static HttpClient client(SSLContext ssl) {
        return HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(CONNECT_TIMEOUT)
                .proxy(ProxySettings.standard()).build();
    }

    /**
     * Sends; an answer longer than maxBytes is abandoned as soon as it is (a protocol error), any other I/O, TLS or
     * timeout failure is "unreachable" (the caller decides whether to retry).
     */
    public static HttpResponse<byte[]> send(HttpClient client, HttpRequest request, String what, long maxBytes)
            throws ControllerException, InterruptedException {
        try {
            return client.send(request, BoundedBody.handler(maxBytes));
        } catch (IOException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof BoundedBody.TooLarge tooLarge) {
                    throw ControllerException.protocol(what, tooLarge.getMessage());
                }
            }
            throw ControllerException.unreachable(what, e);
        }
    }

    /** The response when its status is one of {@code expected}; a refusal with the controller's error otherwise. */
    public static HttpResponse<byte[]> expect(HttpResponse<byte[]> response, String what, int... expected)
            throws ControllerException {
        for (int status : expected) {
            if (response.statusCode() == status) {
                return response;
            }
        }
        throw ControllerException.refused(what, response.statusCode(), ApiError.parse(response.body()));
    }
}
