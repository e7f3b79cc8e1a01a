package io.kubenode.agent.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

/**
 * Replaces files so that readers see the old content or the new one, never a mix: a temporary file
 * {@code .<name>.<random>.kubenode-tmp} in the target's directory (a rename is only atomic within one file system),
 * fsync, attributes, rename over the target, fsync of the directory so the rename survives a power cut.
 */
final class AtomicFiles {
    static final String TEMPORARY_SUFFIX = ".kubenode-tmp";
    /** Far longer than a write takes, so only files of writers that died are taken for leftovers. */
    static final Duration STALE_AFTER = Duration.ofMinutes(10);

    /** Gives the temporary file its attributes before the rename; LocalHost's hook, which a sandbox overrides. */
    @FunctionalInterface
    interface AttributeSetter {
        void apply(Path path, FileAttributes attributes) throws IOException;
    }

    private final AttributeSetter attributeSetter;

    AtomicFiles(AttributeSetter attributeSetter) {
        this.attributeSetter = attributeSetter;
    }

    /** Replaces target with the content; parent directories are created. */
    void replace(Path target, InputStream content, FileAttributes requested) throws IOException {
        Path directory = target.getParent();
        Files.createDirectories(directory);
        // A writer killed mid-write leaves its temporary file behind; without this they would pile up for ever.
        deleteStaleTemporaries(target);
        Path temporary = Files.createTempFile(directory, temporaryPrefix(target), TEMPORARY_SUFFIX);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                content.transferTo(Channels.newOutputStream(channel));
                channel.force(true);
            }
            attributeSetter.apply(temporary, attributesFor(target, requested));
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temporary = null;
            fsyncDirectory(directory);
        } finally {
            deleteQuietly(temporary);
        }
    }

    /** Creates or replaces a symbolic link by renaming a new link over it, so the path never goes missing. */
    void replaceSymlink(Path link, String target) throws IOException {
        Path temporary = link.resolveSibling("." + link.getFileName() + ".kubenode-link");
        try {
            Files.createDirectories(link.getParent());
            Files.deleteIfExists(temporary);
            Files.createSymbolicLink(temporary, Path.of(target));
            Files.move(temporary, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw e;
        }
    }

    /**
     * A new file gets the requested attributes; an existing regular file keeps what the request leaves unset. Only
     * a regular file's attributes are kept: a symbolic link's are its own 0777, never a file's.
     */
    private static FileAttributes attributesFor(Path target, FileAttributes requested) throws IOException {
        if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            FileStat current = PosixAttributes.stat(target);
            return new FileAttributes(
                    requested.mode() != null ? requested.mode() : current.mode(),
                    requested.owner() != null ? requested.owner() : current.owner(),
                    requested.group() != null ? requested.group() : current.group());
        }
        return new FileAttributes(requested.mode() != null ? requested.mode() : "0644", requested.owner(),
                requested.group());
    }

    /**
     * Deletes temporary files of this target that a writer killed mid-write (kill -9, power cut) left behind;
     * best effort, as a leftover never replaces the target, it only takes space.
     */
    private static void deleteStaleTemporaries(Path target) {
        String prefix = temporaryPrefix(target);
        Instant staleBefore = Instant.now().minus(STALE_AFTER);
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(target.getParent(),
                candidate -> isTemporaryFile(candidate.getFileName().toString(), prefix))) {
            for (Path leftover : leftovers) {
                deleteIfModifiedBefore(leftover, staleBefore);
            }
        } catch (IOException | DirectoryIteratorException e) {
            // the write goes ahead; the next one tries again
        }
    }

    private static void deleteIfModifiedBefore(Path leftover, Instant staleBefore) {
        try {
            // Age, not name, tells a leftover: a younger file may be a concurrent writer's, about to be renamed.
            if (Files.getLastModifiedTime(leftover, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(staleBefore)) {
                Files.deleteIfExists(leftover);
            }
        } catch (IOException e) {
            // gone already (another writer cleaned up) or not ours to delete: leave it
        }
    }

    /** The file a temporary file of an atomic write will replace; the path itself when it is no such file. */
    static Path targetOf(Path written) {
        String name = written.getFileName().toString();
        if (name.startsWith(".") && name.endsWith(TEMPORARY_SUFFIX)) {
            String inner = name.substring(1, name.length() - TEMPORARY_SUFFIX.length());
            int dot = inner.lastIndexOf('.');
            if (dot > 0 && isTemporaryFile(name, "." + inner.substring(0, dot) + ".")) {
                return written.resolveSibling(inner.substring(0, dot));
            }
        }
        return written;
    }

    private static String temporaryPrefix(Path target) {
        return "." + target.getFileName() + ".";
    }

    /** Only names createTempFile gives this target: prefix, random digits, suffix (not "a.b"'s files for "a"). */
    private static boolean isTemporaryFile(String name, String prefix) {
        if (!name.startsWith(prefix) || !name.endsWith(TEMPORARY_SUFFIX)
                || name.length() <= prefix.length() + TEMPORARY_SUFFIX.length()) {
            return false;
        }
        String random = name.substring(prefix.length(), name.length() - TEMPORARY_SUFFIX.length());
        return random.chars().allMatch(character -> character >= '0' && character <= '9');
    }

    private static void fsyncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // best effort: a leftover temporary file never replaces the target
            }
        }
    }
}
