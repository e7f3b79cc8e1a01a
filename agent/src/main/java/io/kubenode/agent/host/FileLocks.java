package io.kubenode.agent.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Exclusive locks on files, released by the kernel when the holder closes the file or dies. The holder's PID is
 * written into the file so whoever finds a run blocked can see what holds it.
 */
final class FileLocks {

    private FileLocks() {
    }

    /** Empty when another process (or another channel in this one) holds the lock; the file is created if missing. */
    static Optional<HostLock> tryLock(Path path) throws IOException {
        FileChannel channel = null;
        try {
            Files.createDirectories(path.getParent());
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            FileChannel held = channel;
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            return Optional.of(() -> release(held));
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            return Optional.empty();
        } catch (IOException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static void release(FileChannel held) {
        try {
            // Emptied on release: the PID of a holder that is gone would only mislead.
            held.truncate(0);
            held.close();
        } catch (IOException ignored) {
            // closing releases the lock; nothing else to do
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing; the original error is reported
            }
        }
    }
}
