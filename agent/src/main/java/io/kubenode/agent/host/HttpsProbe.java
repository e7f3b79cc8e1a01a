package io.kubenode.agent.host;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;

/**
 * GET an https URL and call it healthy on 200. The server certificate must chain to the probe's CA file and match
 * the host name; nothing else is trusted. Probes go direct, never through a proxy: they check this node's own path
 * to the endpoint (an apiserver, the load-balanced VIP), and a proxy in between would test the proxy.
 */
final class HttpsProbe {
    private static final int BODY_EXCERPT = 200;

    /** One client per CA bundle, reused across passes. */
    private final HttpClientCache clients = new HttpClientCache();

    ProbeResult probe(String url, byte[] caPem, String caSource, Duration timeout) throws HostException {
        URI uri = URI.create(url);
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            throw new HostException("an https probe needs an https URL: " + url);
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        try {
            HttpResponse<InputStream> response = client(caPem, caSource, timeout)
                    .send(request, HttpResponse.BodyHandlers.ofInputStream());
            String excerpt;
            try (InputStream body = response.body()) {
                excerpt = new String(body.readNBytes(BODY_EXCERPT), StandardCharsets.UTF_8).strip();
            }
            if (response.statusCode() == 200) {
                return ProbeResult.healthy(url + " answered 200");
            }
            return ProbeResult.unhealthy(url + " answered HTTP " + response.statusCode()
                    + (excerpt.isEmpty() ? "" : ": " + excerpt.replace('\n', ' ')));
        } catch (SSLHandshakeException e) {
            return ProbeResult.unhealthy(url + ": TLS handshake failed, the server certificate is not trusted by "
                    + caSource + " or does not match the host name (" + e.getMessage() + ")");
        } catch (HttpTimeoutException e) {
            return ProbeResult.unhealthy(url + ": no answer within " + timeout.toSeconds() + " s");
        } catch (ConnectException e) {
            return ProbeResult.unhealthy(url + ": connection refused or unreachable");
        } catch (IOException e) {
            return ProbeResult.unhealthy(url + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostException("interrupted while probing " + url, e);
        }
    }

    private HttpClient client(byte[] caPem, String caSource, Duration timeout) throws HostException {
        String key = (caPem == null ? "jdk-trust-store" : HttpClientCache.sha256(caPem)) + "/" + timeout.toMillis();
        return clients.get(key, () -> {
            SSLContext ssl = caPem == null ? defaultContext() : PemTrust.trusting(caPem, caSource);
            return HttpClient.newBuilder().sslContext(ssl).proxy(HttpClient.Builder.NO_PROXY)
                    .connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        });
    }

    private static SSLContext defaultContext() throws HostException {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new HostException("the JDK has no default TLS context", e);
        }
    }
}
