package io.kubenode.agent.resource.archive;

import io.kubenode.agent.host.RootedPaths;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a tar member may land: a relative path inside the destination. Absolute names and any {@code ..} segment
 * are refused outright; a symbolic link is allowed only when its target, resolved from the link's directory
 * through the archive's other links, stays inside the destination.
 */
final class MemberPath {
    /** Linux's own limit (MAXSYMLINKS) on links followed in one lookup. */
    private static final int MAX_LINKS = 40;

    private MemberPath() {
    }

    /** The member's name as a clean relative path ("" for the destination itself), or why it is refused. */
    static Result relative(String name) {
        if (name.startsWith("/")) {
            return Result.refused("absolute path " + name);
        }
        StringBuilder clean = new StringBuilder();
        for (String segment : name.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                return Result.refused("'..' in " + name);
            }
            clean.append(clean.length() == 0 ? "" : "/").append(segment);
        }
        return Result.ok(clean.toString());
    }

    /**
     * Empty when the link target stays inside the destination, resolved the way the kernel will once every link
     * of the archive exists: a segment naming another link of the archive continues from that link's target, so a
     * chain ({@code d/up -> ..}, {@code out -> d/up/..}) is judged by where it really leads; else why not.
     */
    static Optional<String> linkEscapes(String linkPath, String target, Map<String, String> links) {
        if (target.isEmpty() || target.startsWith("/")) {
            return Optional.of("link " + linkPath + " -> " + target + " (absolute or empty target)");
        }
        List<String> resolved = new ArrayList<>(List.of(linkPath.split("/")));
        resolved.remove(resolved.size() - 1);
        Deque<String> pending = new ArrayDeque<>(RootedPaths.segments(target));
        int linksFollowed = 0;
        while (!pending.isEmpty()) {
            String segment = pending.removeFirst();
            if (segment.equals("..")) {
                if (resolved.isEmpty()) {
                    return Optional.of("link " + linkPath + " -> " + target + " points outside the destination");
                }
                resolved.remove(resolved.size() - 1);
                continue;
            }
            resolved.add(segment);
            String inner = links.get(String.join("/", resolved));
            if (inner == null) {
                continue;
            }
            if (++linksFollowed > MAX_LINKS || inner.startsWith("/")) {
                return Optional.of("link " + linkPath + " -> " + target + " goes through too many links or an"
                        + " absolute one");
            }
            resolved.remove(resolved.size() - 1);
            List<String> innerSegments = RootedPaths.segments(inner);
            for (int i = innerSegments.size() - 1; i >= 0; i--) {
                pending.addFirst(innerSegments.get(i));
            }
        }
        return Optional.empty();
    }

    record Result(String path, String refusal) {
        static Result ok(String path) {
            return new Result(path, null);
        }

        static Result refused(String why) {
            return new Result(null, why);
        }
    }
}
