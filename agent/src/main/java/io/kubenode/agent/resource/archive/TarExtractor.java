package io.kubenode.agent.resource.archive;

import io.kubenode.agent.host.FileAttributes;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Extracts a verified tar.gz into a destination directory through the Host, in two passes: the first reads every
 * header and refuses the whole archive (writing nothing) if any member would land outside the destination, is a
 * link escaping it, goes through a link (of the archive or already on the host), repeats a name, or is a device or
 * other special file, or when its files together exceed the extracted-size ceiling (a decompression bomb would
 * fill the disk) ({@link MemberTree}); the second writes each file atomically with the permission bits from its
 * header. Owners from the archive are not applied (files belong to the agent's user, as with
 * {@code tar --no-same-owner}). A link left on the host where the archive now has a file is replaced, never
 * written through.
 */
final class TarExtractor {
    /** The most an archive's files may hold together once extracted: 8 GiB, 16 times the download ceiling. */
    static final long MAX_EXTRACTED_BYTES = 8L * 1024 * 1024 * 1024;

    private final Host host;
    private final String archivePath;
    private final long maxExtractedBytes;

    TarExtractor(Host host, String archivePath) {
        this(host, archivePath, MAX_EXTRACTED_BYTES);
    }

    /** An extractor with its own ceiling on the extracted size (tests: a small one). */
    TarExtractor(Host host, String archivePath, long maxExtractedBytes) {
        this.host = host;
        this.archivePath = archivePath;
        this.maxExtractedBytes = maxExtractedBytes;
    }

    /** Returns the number of members written. */
    int extractInto(String destination) throws HostException {
        // Members are placed under the destination's real path, which the path policy has checked.
        String base = host.realPath(destination);
        MemberTree tree = validate(base);
        host.createDirectories(base);
        int written = 0;
        try (InputStream raw = host.openRead(archivePath); InputStream gzip = new GZIPInputStream(raw, 64 * 1024)) {
            TarReader reader = new TarReader(gzip);
            for (Optional<TarEntry> next = reader.next(); next.isPresent(); next = reader.next()) {
                TarEntry entry = next.get();
                String relative = MemberPath.relative(entry.name()).path();
                if (relative.isEmpty()) {
                    continue;
                }
                String target = base + "/" + relative;
                requireNoHostLinkAbove(base, relative);
                if (entry.type() != TarEntry.SYMLINK) {
                    // createSymlink replaces a link atomically itself; anything else must not write through one
                    replaceHostLinkAt(base, relative);
                }
                switch (entry.type()) {
                    case TarEntry.DIRECTORY:
                        host.createDirectories(target);
                        break;
                    case TarEntry.SYMLINK:
                        host.createSymlink(target, entry.linkName());
                        break;
                    case TarEntry.HARD_LINK:
                        String sourceRelative = MemberPath.relative(entry.linkName()).path();
                        try (InputStream original = openRegularMember(base, sourceRelative)) {
                            host.writeAtomically(target, original,
                                    FileAttributes.mode(tree.file(sourceRelative).permissions()));
                        }
                        break;
                    default:
                        host.writeAtomically(target, reader.content(), FileAttributes.mode(entry.permissions()));
                }
                written++;
            }
        } catch (IOException e) {
            throw new HostException("cannot extract " + archivePath + ": " + e.getMessage(), e);
        }
        return written;
    }

    /** First pass: every member checked, nothing written. */
    private MemberTree validate(String base) throws HostException {
        MemberTree tree = new MemberTree(maxExtractedBytes);
        List<String> hostLinks = new ArrayList<>();
        try (InputStream raw = host.openRead(archivePath); InputStream gzip = new GZIPInputStream(raw, 64 * 1024)) {
            TarReader reader = new TarReader(gzip);
            for (Optional<TarEntry> next = reader.next(); next.isPresent(); next = reader.next()) {
                TarEntry entry = next.get();
                tree.add(entry);
                MemberPath.Result path = MemberPath.relative(entry.name());
                if (path.refusal() == null && !path.path().isEmpty()) {
                    hostLinkAbove(base, path.path()).ifPresent(hostLinks::add);
                }
            }
        } catch (IOException e) {
            throw new HostException("cannot read " + archivePath + " as tar.gz: " + e.getMessage(), e);
        }
        List<String> refusals = new ArrayList<>(tree.refusals());
        refusals.addAll(hostLinks);
        if (!refusals.isEmpty()) {
            throw new HostException("refusing to extract " + archivePath + ", nothing written: "
                    + String.join("; ", refusals.subList(0, Math.min(5, refusals.size())))
                    + (refusals.size() > 5 ? " (and " + (refusals.size() - 5) + " more)" : ""));
        }
        return tree;
    }

    /** Why the member's directory is reached through a symbolic link already on the host, if it is. */
    private Optional<String> hostLinkAbove(String base, String relative) throws HostException {
        int slash = relative.lastIndexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String parent = base + "/" + relative.substring(0, slash);
        String real = host.realPath(parent);
        return real.equals(parent) ? Optional.empty()
                : Optional.of(relative + " would go through a symbolic link on the host (" + parent + " is "
                + real + ")");
    }

    private void requireNoHostLinkAbove(String base, String relative) throws HostException {
        Optional<String> link = hostLinkAbove(base, relative);
        if (link.isPresent()) {
            throw new HostException("stopped extracting " + archivePath + ": " + link.get());
        }
    }

    /** A symbolic link on the host where the archive puts a member is removed, so the member replaces it. */
    private void replaceHostLinkAt(String base, String relative) throws HostException {
        String target = base + "/" + relative;
        if (!host.realPath(target).equals(target)) {
            host.delete(target);
        }
    }

    /** A hard link's source, opened only when it is the regular file the archive wrote, not a link to elsewhere. */
    private InputStream openRegularMember(String base, String relative) throws HostException {
        String source = base + "/" + relative;
        String real = host.realPath(source);
        if (!real.equals(source)) {
            throw new HostException("stopped extracting " + archivePath + ": hard link source " + relative
                    + " is a symbolic link (to " + real + ") on the host");
        }
        return host.openRead(source);
    }
}
