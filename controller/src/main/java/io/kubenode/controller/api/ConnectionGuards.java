package io.kubenode.controller.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connections of one API server instance (one event loop; only that loop calls it): caps the connections without
 * a client certificate over all instances, and closes a connection that does not deliver a complete request within
 * the read timeout (slow headers or body, or idle keep-alive), while a request being answered (a long poll) may take
 * as long as its route allows.
 */
final class ConnectionGuards {
    private final Vertx vertx;
    private final ApiLimits limits;
    /** Shared by every instance of the server. */
    private final AtomicInteger anonymous;
    private final Map<HttpConnection, Guard> guards = new HashMap<>();

    ConnectionGuards(Vertx vertx, ApiLimits limits, AtomicInteger anonymous) {
        this.vertx = vertx;
        this.limits = limits;
        this.anonymous = anonymous;
    }

    /** A connection whose TLS handshake completed: admitted, or closed at once when it is one anonymous too many. */
    void connected(HttpConnection connection) {
        boolean withoutCertificate = !hasClientCertificate(connection);
        if (withoutCertificate && anonymous.incrementAndGet() > limits.maxAnonymousConnections()) {
            anonymous.decrementAndGet();
            connection.close();
            return;
        }
        Guard guard = new Guard(connection);
        guards.put(connection, guard);
        connection.closeHandler(closed -> {
            guards.remove(connection);
            vertx.cancelTimer(guard.timer);
            if (withoutCertificate) {
                anonymous.decrementAndGet();
            }
        });
        guard.schedule();
    }

    /** True when the request's connection was admitted; a request on a refused connection is not served. */
    boolean requestStarted(HttpServerRequest request) {
        Guard guard = guards.get(request.connection());
        if (guard == null) {
            request.connection().close();
            return false;
        }
        guard.current = request;
        return true;
    }

    private static boolean hasClientCertificate(HttpConnection connection) {
        try {
            return connection.isSsl() && !connection.peerCertificates().isEmpty();
        } catch (Exception e) {
            // SSLPeerUnverifiedException: no certificate sent (client authentication is only requested)
            return false;
        }
    }

    /** One connection's read deadline, checked every read timeout. */
    private final class Guard {
        private final HttpConnection connection;
        private HttpServerRequest current;
        /** The request that was already idle or half-read at the previous check. */
        private HttpServerRequest seen;
        private long timer;

        Guard(HttpConnection connection) {
            this.connection = connection;
        }

        void schedule() {
            timer = vertx.setTimer(limits.requestReadTimeout().toMillis(), fired -> check());
        }

        private void check() {
            HttpServerRequest request = current;
            if (request == null) {
                // not one complete request header since the connection opened
                connection.close();
                return;
            }
            if (request.isEnded() && !request.response().ended()) {
                // read completely and being answered (a long poll waits here)
                seen = null;
                schedule();
                return;
            }
            // idle after an answer, or still reading a request: one more period, then it must have moved on
            if (seen == request) {
                connection.close();
                return;
            }
            seen = request;
            schedule();
        }
    }
}
