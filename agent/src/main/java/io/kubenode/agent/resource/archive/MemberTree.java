package io.kubenode.agent.resource.archive;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tree an archive's members describe, checked member by member before anything is written. Each name appears
 * once (a directory may repeat as a directory): a name that is first a file and then a link, or a directory of
 * earlier members that later becomes a link, would let one entry redirect another. No member lies under a link;
 * links stay inside the destination once all of them exist; a hard link's source is an earlier regular file.
 */
final class MemberTree {
    private final long maxExtractedBytes;
    private final Map<String, Character> kinds = new HashMap<>();
    private final Map<String, TarEntry> files = new HashMap<>();
    private final Map<String, String> links = new LinkedHashMap<>();
    private final List<String> refusals = new ArrayList<>();
    private long extractedBytes;

    /** maxExtractedBytes: the most the files of the archive may hold together, so it cannot fill the disk. */
    MemberTree(long maxExtractedBytes) {
        this.maxExtractedBytes = maxExtractedBytes;
    }

    /** Records the member, or why it is refused. */
    void add(TarEntry entry) {
        check(entry).ifPresent(refusals::add);
    }

    /** Every refusal, including links that escape through links declared after them. */
    List<String> refusals() {
        List<String> all = new ArrayList<>(refusals);
        links.forEach((link, target) -> MemberPath.linkEscapes(link, target, links).ifPresent(all::add));
        if (extractedBytes > maxExtractedBytes) {
            all.add("its files hold " + extractedBytes + " bytes, more than the " + maxExtractedBytes
                    + " bytes allowed");
        }
        return all;
    }

    /** The regular file (or the file a hard link copies) at a relative path; null for anything else. */
    TarEntry file(String relative) {
        return files.get(relative);
    }

    private Optional<String> check(TarEntry entry) {
        MemberPath.Result path = MemberPath.relative(entry.name());
        if (path.refusal() != null) {
            return Optional.of(path.refusal());
        }
        String relative = path.path();
        char kind = isKnown(entry.type()) ? entry.type() : '?';
        if (kind == '?') {
            return Optional.of(relative + " is a special file (tar type '" + entry.type() + "')");
        }
        if (relative.isEmpty()) {
            return kind == TarEntry.DIRECTORY ? Optional.empty()
                    : Optional.of("the destination itself ('" + entry.name() + "') as a non-directory");
        }
        Optional<String> parents = claimParents(relative);
        if (parents.isPresent()) {
            return parents;
        }
        Character earlier = kinds.get(relative);
        if (earlier != null) {
            if (earlier == TarEntry.DIRECTORY && kind == TarEntry.DIRECTORY) {
                return Optional.empty();
            }
            return Optional.of("duplicate member " + relative + " (first " + describe(earlier) + ", then "
                    + describe(kind) + ")");
        }
        kinds.put(relative, kind);
        switch (kind) {
            case TarEntry.FILE:
                files.put(relative, entry);
                extractedBytes += entry.size();
                return Optional.empty();
            case TarEntry.SYMLINK:
                links.put(relative, entry.linkName());
                return Optional.empty();
            case TarEntry.HARD_LINK:
                MemberPath.Result source = MemberPath.relative(entry.linkName());
                TarEntry original = source.refusal() == null ? files.get(source.path()) : null;
                if (original == null) {
                    return Optional.of("hard link " + relative + " -> " + entry.linkName()
                            + " is not to an earlier regular file of the archive");
                }
                files.put(relative, original);
                extractedBytes += original.size();
                return Optional.empty();
            default:
                return Optional.empty();
        }
    }

    /** Each parent of the member is a directory: not a link, not a file, and a directory from now on. */
    private Optional<String> claimParents(String relative) {
        int slash = relative.indexOf('/');
        while (slash > 0) {
            String parent = relative.substring(0, slash);
            Character kind = kinds.get(parent);
            if (kind != null && kind == TarEntry.SYMLINK) {
                return Optional.of(relative + " goes through the link " + parent);
            }
            if (kind != null && kind != TarEntry.DIRECTORY) {
                return Optional.of(relative + " is under " + parent + ", which is a " + describe(kind));
            }
            kinds.put(parent, TarEntry.DIRECTORY);
            slash = relative.indexOf('/', slash + 1);
        }
        return Optional.empty();
    }

    private static boolean isKnown(char type) {
        return type == TarEntry.FILE || type == TarEntry.DIRECTORY || type == TarEntry.SYMLINK
                || type == TarEntry.HARD_LINK;
    }

    private static String describe(char kind) {
        return switch (kind) {
            case TarEntry.FILE -> "a file";
            case TarEntry.DIRECTORY -> "a directory";
            case TarEntry.SYMLINK -> "a symbolic link";
            default -> "a hard link";
        };
    }
}
