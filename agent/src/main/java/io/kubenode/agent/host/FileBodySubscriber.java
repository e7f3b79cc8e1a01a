package io.kubenode.agent.host;

import java.io.FileOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Writes a response body straight into a file as it arrives (appending when resuming), fsyncs it at the end, and
 * remembers when the last bytes came so a caller can give up on a stalled transfer: the JDK client has no read
 * timeout for bodies, and cancelling this subscription is the one reliable way to abandon one. A body growing past
 * its allowed size is abandoned at once, before the disk fills.
 */
final class FileBodySubscriber implements HttpResponse.BodySubscriber<Long> {
    private final Path file;
    private final boolean append;
    private final long alreadyWritten;
    private final long maxBytes;
    private final CompletableFuture<Long> written = new CompletableFuture<>();
    private volatile long lastProgressNanos = System.nanoTime();
    private volatile Flow.Subscription subscription;
    private FileOutputStream out;
    private FileChannel channel;
    private long bytes;

    /** The file may not grow past maxBytes; alreadyWritten is what a resumed file holds before this transfer. */
    FileBodySubscriber(Path file, boolean append, long alreadyWritten, long maxBytes) {
        this.file = file;
        this.append = append;
        this.alreadyWritten = alreadyWritten;
        this.maxBytes = maxBytes;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        try {
            out = new FileOutputStream(file.toFile(), append);
            channel = out.getChannel();
        } catch (IOException e) {
            subscription.cancel();
            written.completeExceptionally(e);
            return;
        }
        subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        try {
            for (ByteBuffer buffer : buffers) {
                if (alreadyWritten + bytes + buffer.remaining() > maxBytes) {
                    throw new DownloadTooLarge("went past the " + maxBytes + " bytes allowed; stopped");
                }
                while (buffer.hasRemaining()) {
                    bytes += channel.write(buffer);
                }
            }
            lastProgressNanos = System.nanoTime();
            subscription.request(1);
        } catch (IOException e) {
            subscription.cancel();
            closeQuietly();
            written.completeExceptionally(e);
        }
    }

    @Override
    public void onError(Throwable failure) {
        closeQuietly();
        written.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        try {
            channel.force(true);
            out.close();
            written.complete(bytes);
        } catch (IOException e) {
            written.completeExceptionally(e);
        }
    }

    @Override
    public CompletionStage<Long> getBody() {
        return written;
    }

    long nanosSinceProgress() {
        return System.nanoTime() - lastProgressNanos;
    }

    /** Abandons the transfer; what arrived so far stays in the file for a later resume. */
    void abandon() {
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
        closeQuietly();
        written.completeExceptionally(new IOException("abandoned"));
    }

    private synchronized void closeQuietly() {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException ignored) {
            // the transfer already failed; the partial file is only a resume hint, its bytes are verified later
        }
    }
}
