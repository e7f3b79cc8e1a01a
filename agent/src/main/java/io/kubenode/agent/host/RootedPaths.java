package io.kubenode.agent.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves host paths the way the kernel would if the root were "/": every symbolic link followed, an absolute
 * link target taken from the root, ".." never above the root. Policy checks and writes both use the resolved path,
 * so a link under a writable directory cannot carry a write elsewhere unchecked, and a sandbox root's absolute
 * links never reach the real machine.
 */
public final class RootedPaths {
    /** Linux's own limit (MAXSYMLINKS) on links followed in one lookup. */
    static final int MAX_LINKS = 40;

    private RootedPaths() {
    }

    /**
     * The host path hostPath really names. Components that do not exist are kept as written; with followLast false
     * a link in the last component is the result itself (delete or replace the link, not its target).
     */
    static String resolve(Path root, String hostPath, boolean followLast) throws HostException {
        Deque<String> pending = new ArrayDeque<>(segments(hostPath));
        List<String> resolved = new ArrayList<>();
        int linksFollowed = 0;
        while (!pending.isEmpty()) {
            String segment = pending.removeFirst();
            if (segment.equals("..")) {
                if (!resolved.isEmpty()) {
                    resolved.remove(resolved.size() - 1);
                }
                continue;
            }
            Path candidate = root.resolve(String.join("/", resolved)).resolve(segment);
            if ((!followLast && pending.isEmpty()) || !Files.isSymbolicLink(candidate)) {
                resolved.add(segment);
                continue;
            }
            if (++linksFollowed > MAX_LINKS) {
                throw new HostException("too many levels of symbolic links resolving " + hostPath);
            }
            String target = readLink(candidate, hostPath);
            if (target.startsWith("/")) {
                resolved.clear();
            }
            List<String> targetSegments = segments(target);
            for (int i = targetSegments.size() - 1; i >= 0; i--) {
                pending.addFirst(targetSegments.get(i));
            }
        }
        return "/" + String.join("/", resolved);
    }

    private static String readLink(Path link, String hostPath) throws HostException {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            throw new HostException("cannot read the symbolic link " + link + " resolving " + hostPath + ": "
                    + e.getMessage(), e);
        }
    }

    /** The names of a path, without empty ones and "." (".." is kept: resolving it is the caller's part). */
    public static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        return segments;
    }
}
