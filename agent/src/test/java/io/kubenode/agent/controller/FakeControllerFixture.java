package io.kubenode.agent.controller;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.kubenode.agent.host.TestHttpsServer;
import io.kubenode.agent.identity.NodeIdentity;
import io.kubenode.agent.identity.TestControllerPki;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local HTTPS server that asks for client certificates like the controller, with a scriptable route per test:
 * answers are taken from a queue in order, and when the queue is empty a default answer is given. Every request is
 * recorded with its query, the client certificate's serial and its arrival time. Closing stops the server.
 */
public final class FakeControllerFixture implements AutoCloseable {
    public static final TestControllerPki PKI = new TestControllerPki("kubenode fake controller CA");
    public static final String NODE = "node1.internal";

    /** One request as the fake saw it. */
    public record Seen(String method, String path, String query, String clientSerial, long atNanos, byte[] body) {
    }

    private final TestHttpsServer server = TestHttpsServer.startAskingForClientCertificates(PKI.serverContext());
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    /** Serves {@code path}: queued answers first, then {@code otherwise}. */
    public Queue<HttpHandler> route(String path, HttpHandler otherwise) {
        Queue<HttpHandler> answers = new ConcurrentLinkedQueue<>();
        server.route(path, exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getQuery(), TestHttpsServer.clientCertificate(exchange)
                    .map(certificate -> certificate.getSerialNumber().toString(16)).orElse(null), System.nanoTime(),
                    body));
            exchange.setStreams(new java.io.ByteArrayInputStream(body), null);
            HttpHandler answer = answers.poll();
            (answer != null ? answer : otherwise).handle(exchange);
        });
        return answers;
    }

    public List<Seen> seen(String path) {
        return seen.stream().filter(request -> request.path().equals(path)).toList();
    }

    public ControllerUrl url() {
        return ControllerUrl.parse(server.url(""));
    }

    /** A client for {@link #NODE} with a fresh identity from the fake's CA. */
    public ControllerClient client(NodeIdentity identity) {
        return new ControllerClient(url(), NODE, identity.tlsContext(List.of(PKI.caCertificate())));
    }

    public static NodeIdentity node() {
        return PKI.node(NODE, Duration.ofDays(90));
    }

    public static HttpHandler status(int status) {
        return exchange -> exchange.sendResponseHeaders(status, -1);
    }

    /** Answers 304 after a short wait, as a long poll whose wait ran out. */
    public static HttpHandler unchangedAfter(Duration wait) {
        return exchange -> {
            sleep(wait);
            exchange.sendResponseHeaders(304, -1);
        };
    }

    public static HttpHandler catalog(byte[] json, long generation) {
        return exchange -> {
            exchange.getResponseHeaders().set(ControllerClient.GENERATION_HEADER, Long.toString(generation));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, json.length);
            exchange.getResponseBody().write(json);
        };
    }

    public static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static String query(HttpExchange exchange) {
        return exchange.getRequestURI().getQuery();
    }

    @Override
    public void close() {
        server.close();
    }
}
