package io.kubenode.agent.host;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One GET of a download: a Range request when a partial file exists, the body streamed into the partial file
 * (only for 200, or for 206 continuing exactly where the file ends), abandoned when it stalls.
 */
final class DownloadAttempt {
    private final HttpClient client;
    private final Duration requestTimeout;
    private final Duration stallTimeout;

    DownloadAttempt(HttpClient client, Duration requestTimeout, Duration stallTimeout) {
        this.client = client;
        this.requestTimeout = requestTimeout;
        this.stallTimeout = stallTimeout;
    }

    /**
     * One request; empty when the file is complete, else the retryable reason. {@link DownloadTooLarge} when the
     * file would grow past maxBytes (declared by Content-Length or seen while streaming).
     */
    Optional<String> run(URI uri, PartialFile part, long maxBytes) throws IOException, FatalStatus {
        long offset = part.size();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestTimeout).GET();
        if (offset > 0) {
            request.header("Range", "bytes=" + offset + "-");
        }
        AtomicReference<FileBodySubscriber> writer = new AtomicReference<>();
        HttpResponse.BodyHandler<Long> handler = info -> {
            boolean whole = info.statusCode() == 200;
            boolean rest = info.statusCode() == 206 && PartialFile.continuesAt(info.headers(), offset);
            if (!whole && !rest) {
                return HttpResponse.BodySubscribers.replacing(null);
            }
            long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared >= 0 && (rest ? offset : 0) + declared > maxBytes) {
                throw new UncheckedIOException(new DownloadTooLarge("announces " + ((rest ? offset : 0) + declared)
                        + " bytes, more than the " + maxBytes + " allowed"));
            }
            try {
                writer.set(part.writer(rest, maxBytes));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return writer.get();
        };
        HttpResponse<Long> response = await(client.sendAsync(request.build(), handler), writer);
        int status = response.statusCode();
        if (status == 416) {
            part.discard();     // the partial file is no prefix of what the server has now: start over
            return Optional.of("HTTP 416 for a resumed download; starting over");
        }
        if (status >= 500) {
            return Optional.of("HTTP " + status);
        }
        if (status != 200 && status != 206) {
            throw new FatalStatus("HTTP " + status + " from " + response.uri());
        }
        if (response.body() == null) {
            part.discard();
            return Optional.of("HTTP 206 with an unexpected Content-Range; starting over");
        }
        return Optional.empty();
    }

    /** Waits for the whole body, giving up when no byte has arrived for the stall timeout. */
    private HttpResponse<Long> await(CompletableFuture<HttpResponse<Long>> response,
                                     AtomicReference<FileBodySubscriber> writer) throws IOException {
        long pollMillis = Math.max(10, Math.min(1000, stallTimeout.toMillis() / 4));
        while (true) {
            try {
                return response.get(pollMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                FileBodySubscriber body = writer.get();
                if (body != null && body.nanosSinceProgress() > stallTimeout.toNanos()) {
                    body.abandon();
                    response.cancel(true);
                    throw new IOException("no data for " + stallTimeout.toMillis() + " ms; stopped waiting");
                }
            } catch (ExecutionException e) {
                throw asIoException(e.getCause());
            } catch (InterruptedException e) {
                response.cancel(true);
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    /** The failure as thrown by the client, preferring a TLS handshake failure anywhere in the cause chain. */
    private static IOException asIoException(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLHandshakeException || cause instanceof DownloadTooLarge) {
                return (IOException) cause;
            }
        }
        if (failure instanceof UncheckedIOException) {
            return ((UncheckedIOException) failure).getCause();
        }
        return failure instanceof IOException ? (IOException) failure : new IOException(failure);
    }

    /** An answer that retrying will not change (404, 403 ...). */
    static final class FatalStatus extends Exception {
        FatalStatus(String message) {
            super(message);
        }
    }
}
