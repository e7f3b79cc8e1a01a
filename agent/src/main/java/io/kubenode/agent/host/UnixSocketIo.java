package io.kubenode.agent.host;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

/** Non-blocking reads and writes on a unix socket channel bounded by one deadline, for the socket probes. */
final class UnixSocketIo {
    private UnixSocketIo() {
    }

    /** What a probe says and reads on one connection, with the connection's key and deadline. */
    interface Conversation<T> {
        T talk(SelectionKey key, long deadline) throws IOException;
    }

    /** Connects to the unix socket, holds {@code conversation} on it within {@code timeout}, and closes it. */
    static <T> T converse(Path socket, Duration timeout, Conversation<T> conversation) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
             Selector selector = Selector.open()) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.configureBlocking(false);
            SelectionKey key = channel.register(selector, 0);
            return conversation.talk(key, System.nanoTime() + timeout.toNanos());
        }
    }

    static void writeFully(SelectionKey key, ByteBuffer buffer, long deadline) throws IOException {
        SocketChannel channel = (SocketChannel) key.channel();
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) == 0) {
                await(key, SelectionKey.OP_WRITE, deadline);
            }
        }
    }

    /** False when the peer closed the connection before the buffer filled. */
    static boolean readFully(SelectionKey key, ByteBuffer buffer, long deadline) throws IOException {
        SocketChannel channel = (SocketChannel) key.channel();
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer);
            if (read < 0) {
                return false;
            }
            if (read == 0) {
                await(key, SelectionKey.OP_READ, deadline);
            }
        }
        return true;
    }

    /**
     * Everything the peer sends until it closes the connection, at most {@code limit} bytes.
     *
     * @throws IOException also when the answer is longer than {@code limit}
     */
    static byte[] readToEnd(SelectionKey key, int limit, long deadline) throws IOException {
        SocketChannel channel = (SocketChannel) key.channel();
        ByteBuffer buffer = ByteBuffer.allocate(limit + 1);
        while (true) {
            int read = channel.read(buffer);
            if (read < 0) {
                break;
            }
            if (!buffer.hasRemaining()) {
                throw new IOException("the answer is longer than " + limit + " bytes");
            }
            if (read == 0) {
                await(key, SelectionKey.OP_READ, deadline);
            }
        }
        byte[] bytes = new byte[buffer.position()];
        buffer.flip().get(bytes);
        return bytes;
    }

    private static void await(SelectionKey key, int operation, long deadline) throws IOException {
        key.interestOps(operation);
        long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
        if (remainingMillis <= 0) {
            throw new Timeout();
        }
        key.selector().select(remainingMillis);
        key.selector().selectedKeys().clear();
    }

    /** The deadline passed before the peer answered. */
    static final class Timeout extends IOException {
        Timeout() {
            super("timed out");
        }
    }
}
