package io.kubenode.agent.host;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Downloads over https with the JDK client: certificates checked against the given trust (the JDK trust store in
 * production, a test's own CA in tests; never trust-all), proxies from {@link ProxySettings}, redirects followed
 * (release downloads redirect to a CDN) but never from https to http. Connection errors and 5xx answers are retried
 * per the {@link RetryPolicy}; an interrupted download continues from its partial file with a Range request.
 */
public final class HttpsFetcher {
    private final Supplier<SSLContext> ssl;
    private final Supplier<ProxySelector> proxies;
    private final RetryPolicy retry;
    private final Duration connectTimeout;
    private final Duration stallTimeout;
    private HttpClient client;

    public HttpsFetcher(SSLContext ssl, ProxySelector proxies, RetryPolicy retry, Duration connectTimeout,
                        Duration stallTimeout) {
        this(() -> ssl, () -> proxies, retry, connectTimeout, stallTimeout);
    }

    private HttpsFetcher(Supplier<SSLContext> ssl, Supplier<ProxySelector> proxies, RetryPolicy retry,
                         Duration connectTimeout, Duration stallTimeout) {
        this.ssl = ssl;
        this.proxies = proxies;
        this.retry = retry;
        this.connectTimeout = connectTimeout;
        this.stallTimeout = stallTimeout;
    }

    /**
     * Production: the JDK trust store, environment/system proxies, 4 attempts, 30 s to connect or stall. Both are
     * looked up on the first download, not at startup: most agent runs download nothing.
     */
    public static HttpsFetcher standard() {
        return new HttpsFetcher(HttpsFetcher::jdkTrust, ProxySettings::standard, RetryPolicy.standard(),
                Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    private static SSLContext jdkTrust() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder().sslContext(ssl.get()).proxy(proxies.get()).connectTimeout(connectTimeout)
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
        }
        return client;
    }

    /**
     * Fetches {@code url} into {@code target} (through {@code target}.part, renamed when complete). A partial file
     * left by an earlier attempt or pass is resumed. A download larger than maxBytes is abandoned as soon as that
     * shows, its partial file removed, and not retried.
     */
    Download fetch(String url, Path target, String hostPath, long maxBytes) throws HostException {
        URI uri = httpsUri(url);
        try {
            client();
        } catch (RuntimeException e) {
            throw new HostException("cannot set up https downloads (trust store, https_proxy?): " + e.getMessage(), e);
        }
        PartialFile part = new PartialFile(target);
        discardIfLargerThan(part, maxBytes, url);
        String lastError = "no attempt made";
        for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
            if (attempt > 1) {
                sleep(retry.delayBefore(attempt - 1, ThreadLocalRandom.current()));
            }
            try {
                Optional<String> failure = new DownloadAttempt(client(), connectTimeout, stallTimeout)
                        .run(uri, part, maxBytes);
                if (failure.isEmpty()) {
                    long bytes = part.complete();
                    return new Download(hostPath, bytes, attempt, part.resumed());
                }
                lastError = failure.get();
            } catch (DownloadTooLarge e) {
                discardQuietly(part);
                throw new HostException("download " + url + " " + e.getMessage() + "; partial file removed", e);
            } catch (SSLHandshakeException e) {
                // an untrusted certificate will not become trusted by retrying
                throw new HostException("download " + url + ": TLS handshake failed, certificate not trusted? "
                        + e.getMessage(), e);
            } catch (IOException e) {
                lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
            } catch (DownloadAttempt.FatalStatus e) {
                throw new HostException("download " + url + ": " + e.getMessage());
            }
        }
        throw new HostException("download " + url + " failed after " + retry.attempts() + " attempts: " + lastError);
    }

    /** A partial file from a pass that allowed more (the size was lowered since) is no place to resume from. */
    private static void discardIfLargerThan(PartialFile part, long maxBytes, String url) throws HostException {
        try {
            if (part.size() > maxBytes) {
                part.discard();
            }
        } catch (IOException e) {
            throw new HostException("download " + url + ": cannot check the partial file: " + e.getMessage(), e);
        }
    }

    private static void discardQuietly(PartialFile part) {
        try {
            part.discard();
        } catch (IOException ignored) {
            // the download failed already; a leftover partial file is capped again on the next try
        }
    }

    private static URI httpsUri(String url) throws HostException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new HostException("not a URL: " + url, e);
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            throw new HostException("refusing to download over " + uri.getScheme() + ", only https: " + url);
        }
        return uri;
    }

    private static void sleep(Duration delay) throws HostException {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostException("interrupted while waiting to retry a download", e);
        }
    }
}
