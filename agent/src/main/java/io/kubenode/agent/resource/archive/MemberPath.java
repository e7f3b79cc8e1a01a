package io.kubenode.agent.resource.archive;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Where a tar member may land: a relative path inside the destination. Absolute names and any {@code ..} segment
 * are refused outright; a symbolic link is allowed only when its target, resolved from the link's directory,
 * stays inside the destination.
 */
final class MemberPath {
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

    /** Empty when the link target stays inside the destination; else why not. */
    static Optional<String> linkEscapes(String linkPath, String target) {
        if (target.isEmpty() || target.startsWith("/")) {
            return Optional.of("link " + linkPath + " -> " + target + " (absolute or empty target)");
        }
        Deque<String> resolved = new ArrayDeque<>();
        String[] linkSegments = linkPath.split("/");
        for (int i = 0; i < linkSegments.length - 1; i++) {
            resolved.addLast(linkSegments[i]);
        }
        for (String segment : target.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (resolved.isEmpty()) {
                    return Optional.of("link " + linkPath + " -> " + target + " points outside the destination");
                }
                resolved.removeLast();
            } else {
                resolved.addLast(segment);
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
