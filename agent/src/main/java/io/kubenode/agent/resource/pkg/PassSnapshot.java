package io.kubenode.agent.resource.pkg;

import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The installed versions of every package in the catalog, read by one query when a pass starts and handed out
 * once per package: an answer read before an install is never served after it, so the next observe of that
 * package (in this pass or outside one) asks the package database again.
 */
final class PassSnapshot {
    private Host host;
    private Map<String, List<String>> installed = Map.of();
    private final Set<String> unread = new HashSet<>();
    private HostException failure;

    /** Replaces the snapshot with one query for all names; a failed query is kept and reported per package. */
    synchronized void fill(Host host, List<String> names, PackageManager manager) {
        this.host = host;
        unread.clear();
        unread.addAll(names);
        try {
            installed = Map.copyOf(manager.installedVersions(names, host));
            failure = null;
        } catch (HostException e) {
            installed = Map.of();
            failure = e;
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
}
