package io.kubenode.agent.host.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The owner and group a sandbox was asked to give each file, where they differ from the real ones (a sandbox never
 * chowns). Read from its file once, kept in memory, written through on every change: every stat of a pass consults
 * it, and only this process writes it while it holds the state dir's run lock.
 */
final class RecordedOwnership {
    private final Path file;
    private Map<String, String> owners;

    RecordedOwnership(Path file) {
        this.file = file;
    }

    /** "owner:group" recorded for a host path, or null. */
    synchronized String get(String hostPath) throws IOException {
        return owners().get(hostPath);
    }

    /**
     * Records what a file should be owned by; a request equal to the real owner removes the record, so a sandbox
     * run as root records nothing. Requested null or empty keeps what was recorded before.
     */
    synchronized void record(String hostPath, String owner, String group, String realOwner, String realGroup)
            throws IOException {
        Map<String, String> recorded = owners();
        String[] previous = recorded.getOrDefault(hostPath, ":").split(":", -1);
        String wantedOwner = firstSet(owner, previous[0], realOwner);
        String wantedGroup = firstSet(group, previous[1], realGroup);
        boolean changed = wantedOwner.equals(realOwner) && wantedGroup.equals(realGroup)
                ? recorded.remove(hostPath) != null
                : !(wantedOwner + ":" + wantedGroup).equals(recorded.put(hostPath, wantedOwner + ":" + wantedGroup));
        if (changed) {
            Files.createDirectories(file.getParent());
            // Sorted lines and no timestamp: an unchanged sandbox stays byte-identical.
            StringBuilder text = new StringBuilder("# sandbox: owner:group requested per host path\n");
            recorded.forEach((path, ownerGroup) -> text.append(path).append('\t').append(ownerGroup).append('\n'));
            Files.writeString(file, text.toString());
        }
    }

    private Map<String, String> owners() throws IOException {
        if (owners == null) {
            Map<String, String> loaded = new TreeMap<>();
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    int tab = line.lastIndexOf('\t');
                    if (!line.startsWith("#") && tab > 0) {
                        loaded.put(line.substring(0, tab), line.substring(tab + 1));
                    }
                }
            }
            owners = loaded;
        }
        return owners;
    }

    private static String firstSet(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isEmpty()) {
                return candidate;
            }
        }
        return "";
    }
}
