package io.kubenode.agent.host;

import io.kubenode.common.net.DirectHttpGet;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * A health check by one GET to a given address ({@link DirectHttpGet}): healthy on 200. For https the certificate
 * must chain to {@code tls}'s trust and match the URL's host, whatever address was connected to.
 */
public final class DirectProbe {
    private DirectProbe() {
    }

    /** A plain http URL probed at the address the system resolver gives its host. */
    static ProbeResult probeHttp(String url, Duration timeout) throws HostException {
        URI uri = httpUri(url);
        InetAddress address;
        try {
            address = InetAddress.getByName(uri.getHost());
        } catch (UnknownHostException e) {
            return ProbeResult.unhealthy(url + ": unknown host " + uri.getHost());
        }
        return probe(url, address, null, null, timeout);
    }

    /** A plain http URL with a host, or a HostException saying what is wrong with it. */
    public static URI httpUri(String url) throws HostException {
        try {
            URI uri = new URI(url);
            if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new HostException("an http probe needs an http URL with a host: " + url);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new HostException("not a URL: " + url, e);
        }
    }

    public static ProbeResult probe(String url, InetAddress address, SSLContext tls, String trustSource,
                                    Duration timeout) {
        URI uri = URI.create(url);
        String via = address.getHostAddress().equals(uri.getHost()) ? "" : " (at " + address.getHostAddress() + ")";
        try {
            DirectHttpGet.Answer answer = DirectHttpGet.get(uri, address, tls, timeout);
            if (answer.status() == 200) {
                return ProbeResult.healthy(url + via + " answered 200");
            }
            return ProbeResult.unhealthy(url + via + " answered HTTP " + answer.status()
                    + (answer.bodyExcerpt().isEmpty() ? "" : ": " + answer.bodyExcerpt().replace('\n', ' ')));
        } catch (SSLHandshakeException e) {
            return ProbeResult.unhealthy(url + via + ": TLS handshake failed, the server certificate is not trusted by "
                    + trustSource + " or does not match the host name (" + e.getMessage() + ")");
        } catch (SocketTimeoutException e) {
            return ProbeResult.unhealthy(url + via + ": no answer within " + timeout.toSeconds() + " s");
        } catch (ConnectException e) {
            return ProbeResult.unhealthy(url + via + ": connection refused or unreachable");
        } catch (IOException e) {
            return ProbeResult.unhealthy(url + via + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
