package io.kubenode.agent.resource.pkg;

import io.kubenode.agent.host.FileStat;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The installed versions of every package in the catalog, read by one query when a pass starts and handed out
 * once per package: an answer read before an install is never served after it, so the next observe of that
 * package (in this pass or outside one) asks the package database again.
 *
 * <p>Between passes the answer is kept while the package database files are unchanged (same inode, mtime and
 * size): then no install or removal happened and a no-op pass starts no query process at all.
 */
final class PassSnapshot {
    private Host host;
    private Map<String, List<String>> installed = Map.of();
    private final Set<String> unread = new HashSet<>();
    private HostException failure;
    private List<String> queriedNames = List.of();
    private String databaseStamp = "";

    /** Replaces the snapshot with one query for all names; a failed query is kept and reported per package. */
    synchronized void fill(Host host, List<String> names, PackageManager manager) {
        String stamp = databaseStamp(host, manager);
        boolean unchanged = host == this.host && failure == null && !stamp.isEmpty() && stamp.equals(databaseStamp)
                && names.equals(queriedNames);
        this.host = host;
        unread.clear();
        unread.addAll(names);
        if (unchanged) {
            return;
        }
        try {
            installed = Map.copyOf(manager.installedVersions(names, host));
            failure = null;
            queriedNames = List.copyOf(names);
            databaseStamp = stamp;
        } catch (HostException e) {
            installed = Map.of();
            failure = e;
            databaseStamp = "";
        }
    }

    /** This pass's answer for one package, once; empty when there is none (other host, not queried, read). */
    synchronized Optional<PackageState> take(Host host, String name) throws HostException {
        if (host != this.host || !unread.remove(name)) {
            return Optional.empty();
        }
        if (failure != null) {
            throw new HostException("package query for this pass failed: " + failure.getMessage(), failure);
        }
        return Optional.of(new PackageState(name, installed.getOrDefault(name, List.of())));
    }

    /** Forgets the kept answer: this handler changed the package database itself. */
    synchronized void invalidate() {
        databaseStamp = "";
    }

    /** The change stamps of the database files that exist; empty when none does (never reuse an answer then). */
    private static String databaseStamp(Host host, PackageManager manager) {
        List<String> stamps = new ArrayList<>();
        try {
            for (String file : manager.databaseFiles()) {
                host.stat(file).map(FileStat::changeStamp).filter(stamp -> !stamp.isEmpty())
                        .ifPresent(stamp -> stamps.add(file + "=" + stamp));
            }
        } catch (HostException e) {
            return "";
        }
        return String.join(";", stamps);
    }
}
