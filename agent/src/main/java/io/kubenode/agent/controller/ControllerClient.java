package io.kubenode.agent.controller;

import io.kubenode.agent.state.CatalogLoader;
import io.kubenode.common.document.Documents;
import io.kubenode.common.status.NodeStatus;

import javax.net.ssl.SSLContext;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The node's side of the controller API over mutual TLS: the node's key and certificate, trust in the agent CA
 * only. Blocking calls, made from the agent's own threads (catalog watch, status reporter, renewer), never from
 * a pass. After a renewal {@link #useTls} swaps the TLS identity; requests in flight finish on the old one.
 */
public final class ControllerClient {
    public static final String GENERATION_HEADER = "X-Kubenode-Generation";
    /** How far past the long-poll wait an answer may be late before the request is taken for lost. */
    private static final Duration WATCH_GRACE = Duration.ofSeconds(30);

    private final ControllerUrl url;
    private final String nodeName;
    private final AtomicReference<HttpClient> client = new AtomicReference<>();

    public ControllerClient(ControllerUrl url, String nodeName, SSLContext tls) {
        this.url = url;
        this.nodeName = nodeName;
        useTls(tls);
    }

    /** From now on, connect with this TLS context (a renewed certificate). */
    public void useTls(SSLContext tls) {
        client.set(ControllerHttp.client(tls));
    }

    public ControllerUrl url() {
        return url;
    }

    public String nodeName() {
        return nodeName;
    }

    /** GET catalog?after=G&wait=S: a catalog newer than {@code after}, or unchanged when the wait ran out. */
    public CatalogAnswer catalog(long after, int waitSeconds) throws ControllerException, InterruptedException {
        String what = "catalog watch";
        HttpRequest request = HttpRequest.newBuilder(url.resolve(nodePath("/catalog") + "?after=" + after
                        + "&wait=" + waitSeconds))
                .timeout(Duration.ofSeconds(waitSeconds).plus(WATCH_GRACE)).header("Accept", ControllerHttp.JSON)
                .GET().build();
        HttpResponse<byte[]> response = ControllerHttp.expect(ControllerHttp.send(client.get(), request, what,
                CatalogLoader.MAX_BYTES), what, 200, 304);
        if (response.statusCode() == 304) {
            return new CatalogAnswer.Unchanged();
        }
        return new CatalogAnswer.NewCatalog(response.body(), generation(response, what));
    }

    /** PUT status: 204 when the controller took it. */
    public void putStatus(NodeStatus status) throws ControllerException, InterruptedException {
        String what = "status report";
        HttpRequest request = HttpRequest.newBuilder(url.resolve(nodePath("/status")))
                .timeout(ControllerHttp.REQUEST_TIMEOUT).header("Content-Type", ControllerHttp.JSON)
                .PUT(HttpRequest.BodyPublishers.ofString(Documents.toJson(status), StandardCharsets.UTF_8)).build();
        ControllerHttp.expect(ControllerHttp.send(client.get(), request, what, ControllerHttp.ANSWER_MAX_BYTES),
                what, 204, 200);
    }

    /** POST certificate with a CSR for a new key, authenticated by the current certificate. */
    public IssuedCertificate renew(String csrPem) throws ControllerException, InterruptedException {
        String what = "certificate renewal";
        HttpRequest request = HttpRequest.newBuilder(url.resolve(nodePath("/certificate")))
                .timeout(ControllerHttp.REQUEST_TIMEOUT).header("Content-Type", ControllerHttp.JSON)
                .POST(HttpRequest.BodyPublishers.ofString(Documents.toJson(Map.of("csr", csrPem)),
                        StandardCharsets.UTF_8)).build();
        HttpResponse<byte[]> response = ControllerHttp.expect(ControllerHttp.send(client.get(), request, what,
                ControllerHttp.ANSWER_MAX_BYTES), what, 200);
        return IssuedCertificate.parse(what, response.body());
    }

    private String nodePath(String suffix) {
        // node names are DNS-1123 (checked at enroll and config load): nothing to escape
        return "/api/v1/nodes/" + nodeName + suffix;
    }

    private static long generation(HttpResponse<byte[]> response, String what) throws ControllerException {
        String header = response.headers().firstValue(GENERATION_HEADER).orElse(null);
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            throw ControllerException.protocol(what, GENERATION_HEADER + " is not a number: " + header);
        }
    }
}
