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

    private ControllerHttp() {
    }

    /** A client whose TLS is exactly {@code ssl}: its trust (never the JDK's store) and its client key, if any. */
    public static HttpClient client(SSLContext ssl) {
        return HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(CONNECT_TIMEOUT)
                .proxy(ProxySettings.standard()).build();
    }

    /** Sends; any I/O, TLS or timeout failure is "unreachable" (the caller decides whether to retry). */
    public static HttpResponse<byte[]> send(HttpClient client, HttpRequest request, String what)
            throws ControllerException, InterruptedException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
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
