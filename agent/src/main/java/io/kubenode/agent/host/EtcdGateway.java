package io.kubenode.agent.host;

import io.kubenode.common.pki.CaTrust;
import io.kubenode.common.pki.Pem;
import io.kubenode.common.pki.PkiException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * POSTs JSON to etcd's gRPC gateway ({@code /v3/cluster/member/list}, ...) over mutual TLS: the client certificate and
 * key given, trust in the given etcd CA only, the server's certificate checked against the URL's host name or IP.
 * Direct, never through a proxy; HTTP/1.1, no redirects; at most 1 MiB of answer is read.
 */
final class EtcdGateway {
    private static final int MAX_ANSWER_BYTES = 1024 * 1024;
    private final HttpClientCache clients = new HttpClientCache();

    /** The PEM files' contents with the host paths they came from, for messages. */
    record Credentials(byte[] ca, String caFile, byte[] certificate, String certFile, byte[] key, String keyFile) {
        /** The three files read through {@code host} (under its root); a missing one is a HostException. */
        static Credentials read(Host host, String caFile, String certFile, String keyFile) throws HostException {
            return new Credentials(required(host, caFile), caFile, required(host, certFile), certFile,
                    required(host, keyFile), keyFile);
        }

        private static byte[] required(Host host, String hostPath) throws HostException {
            return host.read(hostPath).orElseThrow(() -> new HostException(hostPath + " does not exist"));
        }
    }

    EtcdGatewayAnswer post(String endpoint, String path, String jsonBody, Credentials credentials, Duration timeout)
            throws HostException {
        URI uri = uri(endpoint, path);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8)).build();
        try {
            HttpResponse<InputStream> response = client(credentials, timeout).send(request,
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                return EtcdGatewayAnswer.of(response.statusCode(), new String(body.readNBytes(MAX_ANSWER_BYTES),
                        StandardCharsets.UTF_8));
            }
        } catch (HttpTimeoutException e) {
            return EtcdGatewayAnswer.noAnswer("no answer within " + timeout.toSeconds() + " s");
        } catch (ConnectException | NoRouteToHostException e) {
            return EtcdGatewayAnswer.noAnswer("connection refused or unreachable");
        } catch (SSLException e) {
            throw new HostException(uri + ": TLS failed: the server certificate is not trusted by "
                    + credentials.caFile() + " or does not match " + uri.getHost() + ", or etcd refused the client "
                    + "certificate " + credentials.certFile() + " (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new HostException(uri + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostException("interrupted while calling " + uri, e);
        }
    }

    private static URI uri(String endpoint, String path) throws HostException {
        try {
            URI uri = URI.create(endpoint.replaceAll("/+$", "") + path);
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new HostException("etcd's gateway needs an https endpoint with a host: " + endpoint);
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new HostException("not a URL: " + endpoint + path, e);
        }
    }

    private HttpClient client(Credentials credentials, Duration timeout) throws HostException {
        String key = HttpClientCache.sha256(credentials.ca(), credentials.certificate(), credentials.key()) + "/"
                + timeout.toMillis();
        return clients.get(key, () -> HttpClient.newBuilder().sslContext(context(credentials))
                .version(HttpClient.Version.HTTP_1_1).proxy(HttpClient.Builder.NO_PROXY).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build());
    }

    private static SSLContext context(Credentials credentials) throws HostException {
        try {
            return CaTrust.mutual(Pem.readKubeadmPrivateKey(new String(credentials.key(), StandardCharsets.US_ASCII)),
                    CaTrust.parseBundle(credentials.certificate(), credentials.certFile()),
                    CaTrust.parseBundle(credentials.ca(), credentials.caFile()));
        } catch (PkiException e) {
            throw new HostException("cannot use " + credentials.certFile() + " and " + credentials.keyFile()
                    + " with the CA " + credentials.caFile() + " for TLS: " + e.getMessage(), e);
        }
    }
}
