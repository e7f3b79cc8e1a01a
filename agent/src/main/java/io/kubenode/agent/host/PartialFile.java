package io.kubenode.agent.host;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A download in progress: {@code <target>.part} grows until complete, then is renamed to the target, so the
 * target only ever holds a whole file and an interrupted download leaves a partial file to resume from.
 */
final class PartialFile {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-\\d+/(\\d+|\\*)");
    private final Path target;
    private final Path part;
    private boolean resumed;

    PartialFile(Path target) {
        this.target = target;
        this.part = target.resolveSibling(target.getFileName() + ".part");
    }

    long size() throws IOException {
        try {
            return Files.size(part);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    void discard() throws IOException {
        Files.deleteIfExists(part);
    }

    /**
     * A body subscriber writing into the partial file: appending when resuming, else from scratch; the file may
     * not grow past maxBytes.
     */
    FileBodySubscriber writer(boolean append, long maxBytes) throws IOException {
        Files.createDirectories(part.getParent());
        resumed |= append;
        return new FileBodySubscriber(part, append, append ? size() : 0, maxBytes);
    }

    /** True when some attempt continued an earlier partial download (an HTTP Range request answered 206). */
    boolean resumed() {
        return resumed;
    }

    /** Renames the complete partial file over the target; returns its size. */
    long complete() throws IOException {
        long bytes = Files.size(part);
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return bytes;
    }

    /** True when a 206 answer continues exactly where the partial file ends. */
    static boolean continuesAt(HttpHeaders headers, long offset) {
        Matcher matcher = CONTENT_RANGE.matcher(headers.firstValue("Content-Range").orElse(""));
        return matcher.matches() && Long.parseLong(matcher.group(1)) == offset;
    }
}
