package io.kubenode.agent.resource.archive;

import io.kubenode.agent.host.FileAttributes;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Extracts a verified tar.gz into a destination directory through the Host, in two passes: the first reads every
 * header and refuses the whole archive (writing nothing) if any member would land outside the destination, is a
 * link escaping it, goes through a link, or is a device or other special file; the second writes each file
 * atomically with the permission bits from its header. Owners from the archive are not applied (files belong to
 * the agent's user, as with {@code tar --no-same-owner}).
 */
final class TarExtractor {
    private final Host host;
    private final String archivePath;

    TarExtractor(Host host, String archivePath) {
        this.host = host;
        this.archivePath = archivePath;
    }

    /** Returns the number of members written. */
    int extractInto(String destination) throws HostException {
        Map<String, TarEntry> members = validate();
        host.createDirectories(destination);
        int written = 0;
        try (InputStream raw = host.openRead(archivePath); InputStream gzip = new GZIPInputStream(raw, 64 * 1024)) {
            TarReader reader = new TarReader(gzip);
            for (Optional<TarEntry> next = reader.next(); next.isPresent(); next = reader.next()) {
                TarEntry entry = next.get();
                String relative = MemberPath.relative(entry.name()).path();
                if (relative.isEmpty()) {
                    continue;
                }
                String target = destination + "/" + relative;
                switch (entry.type()) {
                    case TarEntry.DIRECTORY:
                        host.createDirectories(target);
                        break;
                    case TarEntry.SYMLINK:
                        host.createSymlink(target, entry.linkName());
                        break;
                    case TarEntry.HARD_LINK:
                        String source = destination + "/" + MemberPath.relative(entry.linkName()).path();
                        try (InputStream original = host.openRead(source)) {
                            host.writeAtomically(target, original, FileAttributes.mode(
                                    members.get(MemberPath.relative(entry.linkName()).path()).permissions()));
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

    /** First pass: every member checked, nothing written. Returns regular files by relative path. */
    private Map<String, TarEntry> validate() throws HostException {
        Map<String, TarEntry> files = new HashMap<>();
        Set<String> links = new HashSet<>();
        List<String> refusals = new ArrayList<>();
        try (InputStream raw = host.openRead(archivePath); InputStream gzip = new GZIPInputStream(raw, 64 * 1024)) {
            TarReader reader = new TarReader(gzip);
            for (Optional<TarEntry> next = reader.next(); next.isPresent(); next = reader.next()) {
                check(next.get(), files, links).ifPresent(refusals::add);
            }
        } catch (IOException e) {
            throw new HostException("cannot read " + archivePath + " as tar.gz: " + e.getMessage(), e);
        }
        if (!refusals.isEmpty()) {
            throw new HostException("refusing to extract " + archivePath + ", nothing written: "
                    + String.join("; ", refusals.subList(0, Math.min(5, refusals.size())))
                    + (refusals.size() > 5 ? " (and " + (refusals.size() - 5) + " more)" : ""));
        }
        return files;
    }

    private static Optional<String> check(TarEntry entry, Map<String, TarEntry> files, Set<String> links) {
        MemberPath.Result path = MemberPath.relative(entry.name());
        if (path.refusal() != null) {
            return Optional.of(path.refusal());
        }
        String relative = path.path();
        for (String link : links) {
            if (relative.startsWith(link + "/")) {
                return Optional.of(relative + " goes through the link " + link);
            }
        }
        switch (entry.type()) {
            case TarEntry.FILE:
                files.put(relative, entry);
                return Optional.empty();
            case TarEntry.DIRECTORY:
                return Optional.empty();
            case TarEntry.SYMLINK:
                links.add(relative);
                return MemberPath.linkEscapes(relative, entry.linkName());
            case TarEntry.HARD_LINK:
                MemberPath.Result source = MemberPath.relative(entry.linkName());
                if (source.refusal() != null || !files.containsKey(source.path())) {
                    return Optional.of("hard link " + relative + " -> " + entry.linkName()
                            + " is not to an earlier file of the archive");
                }
                files.put(relative, files.get(source.path()));
                return Optional.empty();
            default:
                return Optional.of(relative + " is a special file (tar type '" + entry.type() + "')");
        }
    }
}
