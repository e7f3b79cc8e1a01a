package io.kubenode.controller.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kubenode.common.document.Documents;
import io.kubenode.common.status.NodeStatus;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A lightweight agent for the propagation benchmark: its own client certificate and TLS connection, and the
 * catalog long-poll loop of the real agent (GET ?after=G&wait=S, read the whole body, ask again after it). It
 * records when each generation's body was complete.
 */
final class SimulatedAgent {
    private static final int WAIT_SECONDS = 60;

    private final String node;
    private final HttpClient client;
    private final int port;
    private final AtomicLong generation = new AtomicLong();
    private final Map<Long, Long> arrivals = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    SimulatedAgent(Vertx vertx, String node, String certificatePem, String keyPem, String caPath, int port) {
        this.node = node;
        this.port = port;
        this.client = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setKeepAlive(true).setTrustOptions(new PemTrustOptions().addCertPath(caPath))
                .setKeyCertOptions(new PemKeyCertOptions().setCertValue(Buffer.buffer(certificatePem))
                        .setKeyValue(Buffer.buffer(keyPem))), new PoolOptions().setHttp1MaxSize(1));
    }

    /**
     * Reports one status first, as a real agent does when it starts: the controller then knows an agent runs on the
     * node, so a revision's rollout classification covers it (the sysctl change of the benchmark restarts nothing,
     * so every node still takes it at once).
     */
    void start() {
        NodeStatus status = new NodeStatus(node, 0, 0, null, false, true, Instant.now().toString(), null, Map.of(),
                List.of(), List.of(), null);
        String body;
        try {
            body = Documents.json().writeValueAsString(status);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.PUT).setHost("127.0.0.1").setPort(port)
                .setURI("/api/v1/nodes/" + node + "/status").putHeader("Content-Type", "application/json");
        client.request(request).compose(sent -> sent.send(body)).compose(response -> response.body().map(answer -> {
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(node + ": status PUT: HTTP " + response.statusCode() + " " + answer);
            }
            return answer;
        })).onComplete(done -> {
            if (done.failed()) {
                System.err.println(node + ": " + done.cause());
            }
            poll();
        });
    }

    long generation() {
        return generation.get();
    }

    /** When (System.nanoTime) this agent held the body of {@code wanted}; null if not yet. */
    Long arrival(long wanted) {
        return arrivals.get(wanted);
    }

    void stop() {
        stopped = true;
        client.close();
    }

    private void poll() {
        if (stopped) {
            return;
        }
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
                .setURI("/api/v1/nodes/" + node + "/catalog?after=" + generation.get() + "&wait=" + WAIT_SECONDS)
                .setIdleTimeout((WAIT_SECONDS + 30) * 1000L);
        client.request(request).compose(sent -> sent.send().compose(response -> response.body().map(body -> {
            if (response.statusCode() == 200) {
                long received = Long.parseLong(response.getHeader("X-Kubenode-Generation"));
                arrivals.putIfAbsent(received, System.nanoTime());
                generation.set(received);
            } else if (response.statusCode() != 304) {
                throw new IllegalStateException(node + ": HTTP " + response.statusCode() + " " + body);
            }
            return body;
        }))).onComplete(done -> {
            if (done.failed() && !stopped) {
                System.err.println(node + ": " + done.cause());
            }
            poll();
        });
    }
}
