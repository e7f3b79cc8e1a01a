package io.kubenode.controller.api;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers for requests that went wrong before or outside a route handler, in the API's JSON like every other error,
 * where Vert.x's defaults answer in plain text or with an empty body.
 */
final class Failures {
    private static final System.Logger LOG = System.getLogger(Failures.class.getName());
    /** How long a connection whose request the codec refused stays open for its client to read the answer. */
    private static final long LINGER_MILLIS = 2000;

    private final Vertx vertx;

    Failures(Vertx vertx) {
        this.vertx = vertx;
    }

    static void notFound(RoutingContext ctx) {
        Responses.error(ctx, 404, "not_found", "no such route: " + ctx.request().method() + " " + ctx.request().path());
    }

    /**
     * 400 for what cannot be read as a request: a path or query that does not decode ("%zz"), which the router
     * finds before any route matches, or a body the HTTP codec refused.
     */
    static void malformed(RoutingContext ctx) {
        Responses.error(ctx, 400, "bad_request", "malformed request" + (ctx.failure() == null ? ""
                : ": " + ctx.failure().getMessage()));
    }

    static void tooLarge(RoutingContext ctx) {
        Responses.error(ctx, 413, "too_large", "the body is larger than " + ApiServer.MAX_BODY_BYTES + " bytes");
    }

    /**
     * Requests the HTTP codec refused before routing: a request line over 4 KiB (414), headers over 8 KiB (431), or
     * no HTTP at all (400).
     */
    void invalidRequest(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        HttpServerResponse response = request.response().putHeader("Connection", "close");
        if (cause instanceof TooLongHttpLineException) {
            hangUpAfter(request, Responses.error(response, 414, "too_large", "the request line is too long"));
        } else if (cause instanceof TooLongHttpHeaderException) {
            hangUpAfter(request, Responses.error(response, 431, "too_large", "the request headers are too large"));
        } else {
            hangUpAfter(request, Responses.error(response, 400, "bad_request", "not a valid HTTP request"));
        }
    }

    /** The cause goes to the log only: it may name files or SQL, which the caller has no business seeing. */
    static void internalError(RoutingContext ctx) {
        LOG.log(System.Logger.Level.ERROR, "request failed: " + ctx.request().method() + " "
                + ctx.request().path() + ": " + ctx.failure());
        Responses.error(ctx, 500, "internal", "the controller could not complete the request; see its log");
    }

    /**
     * After a request the codec refused, the stream cannot be trusted (the codec discards whatever else arrives), so
     * the connection must end. Closing it at once, as Vert.x's default does, resets it while the client may still be
     * sending (a body after a huge header) and the client loses the answer; so the answer says "Connection: close"
     * and the connection is closed a little later, unless the client hung up first.
     */
    private void hangUpAfter(HttpServerRequest request, Future<Void> answered) {
        answered.onComplete(ignored -> vertx.setTimer(LINGER_MILLIS, timer -> request.connection().close()));
    }
}
