package io.kubenode.agent.host;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTPS server on 127.0.0.1, port 0, for download and probe tests, with handlers that misbehave on purpose:
 * failing with 5xx a few times, cutting the connection halfway, stalling. Records every request it gets.
 */
public final class TestHttpsServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");
    private final HttpsServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    private TestHttpsServer(SSLContext context, boolean askForClientCertificates, InetAddress address)
            throws IOException {
        server = HttpsServer.create(new InetSocketAddress(address, 0), 0);
        server.setHttpsConfigurator(askForClientCertificates ? new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters parameters) {
                // as the controller does: every connection is asked for a certificate, none is required by TLS
                SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                ssl.setWantClientAuth(true);
                parameters.setSSLParameters(ssl);
            }
        } : new HttpsConfigurator(context));
        server.setExecutor(executor);
        server.start();
    }

    public static TestHttpsServer start(SSLContext serverContext) {
        try {
            return new TestHttpsServer(serverContext, false, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test https server", e);
        }
    }

    /** A server on {@code address} (a test network's host side, which containers reach), any free port. */
    public static TestHttpsServer startOn(InetAddress address, SSLContext serverContext) {
        try {
            return new TestHttpsServer(serverContext, false, address);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test https server on " + address, e);
        }
    }

    /**
     * A server that asks every client for a certificate (verified by the trust managers of {@code serverContext})
     * without requiring one; handlers read it with {@link #clientCertificate}.
     */
    public static TestHttpsServer startAskingForClientCertificates(SSLContext serverContext) {
        try {
            return new TestHttpsServer(serverContext, true, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test https server", e);
        }
    }

    public TestHttpsServer route(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            String range = exchange.getRequestHeaders().getFirst("Range");
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
                    + (range == null ? "" : " Range: " + range));
            try (exchange) {
                handler.handle(exchange);
            }
        });
        return this;
    }

    public String url(String path) {
        return "https://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort()
                + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** "GET /path" or "GET /path Range: bytes=N-", in arrival order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    /** Serves the bytes, honouring "Range: bytes=N-" with 206 and Content-Range. */
    public static HttpHandler bytes(byte[] body) {
        return exchange -> {
            long from = rangeStart(exchange);
            if (from >= body.length) {
                exchange.sendResponseHeaders(416, -1);
                return;
            }
            if (from > 0) {
                exchange.getResponseHeaders().set("Content-Range",
                        "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
                exchange.sendResponseHeaders(206, body.length - from);
            } else {
                exchange.sendResponseHeaders(200, body.length);
            }
            exchange.getResponseBody().write(body, (int) from, (int) (body.length - from));
        };
    }

    /**
     * Serves each path of the map as {@link #bytes}, 404 otherwise. Paths match exactly after normalisation, as a
     * web server resolves them (apt asks for "repo/./name.deb"); contexts would match prefixes.
     */
    public static HttpHandler files(Map<String, byte[]> bodiesByPath) {
        Map<String, byte[]> copy = Map.copyOf(bodiesByPath);
        return exchange -> {
            byte[] body = copy.get(exchange.getRequestURI().normalize().getPath());
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                bytes(body).handle(exchange);
            }
        };
    }

    /** Answers {@code status} to the first {@code times} requests, then hands over to {@code then}. */
    public static HttpHandler failing(int times, int status, HttpHandler then) {
        AtomicInteger count = new AtomicInteger();
        return exchange -> {
            if (count.getAndIncrement() < times) {
                exchange.sendResponseHeaders(status, -1);
            } else {
                then.handle(exchange);
            }
        };
    }

    /** First request: promises the whole body, sends half, drops the connection. Later ones: {@link #bytes}. */
    public static HttpHandler cutMidway(byte[] body) {
        AtomicInteger count = new AtomicInteger();
        HttpHandler ranged = bytes(body);
        return exchange -> {
            if (count.getAndIncrement() > 0) {
                ranged.handle(exchange);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            OutputStream out = exchange.getResponseBody();
            out.write(body, 0, body.length / 2);
            out.flush();
            // closing with bytes missing makes the server drop the connection: the client sees a truncated body
        };
    }

    /** First request: sends half, then goes silent until the server closes. Later ones: {@link #bytes}. */
    public HttpHandler stallMidway(byte[] body) {
        AtomicInteger count = new AtomicInteger();
        HttpHandler ranged = bytes(body);
        return exchange -> {
            if (count.getAndIncrement() > 0) {
                ranged.handle(exchange);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            OutputStream out = exchange.getResponseBody();
            out.write(body, 0, body.length / 2);
            out.flush();
            try {
                closing.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    public static HttpHandler status(int status, String body) {
        return exchange -> {
            byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        };
    }

    /** The client certificate the exchange's connection presented, if any. */
    public static java.util.Optional<java.security.cert.X509Certificate> clientCertificate(HttpExchange exchange) {
        try {
            java.security.cert.Certificate[] chain = ((HttpsExchange) exchange).getSSLSession().getPeerCertificates();
            return java.util.Optional.of((java.security.cert.X509Certificate) chain[0]);
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            return java.util.Optional.empty();
        }
    }

    private static long rangeStart(HttpExchange exchange) {
        String range = exchange.getRequestHeaders().getFirst("Range");
        if (range == null) {
            return 0;
        }
        Matcher matcher = RANGE.matcher(range);
        return matcher.matches() ? Long.parseLong(matcher.group(1)) : 0;
    }
}
