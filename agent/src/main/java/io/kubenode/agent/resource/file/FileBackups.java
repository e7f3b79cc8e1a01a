package io.kubenode.agent.resource.file;

import io.kubenode.agent.host.FileAttributes;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Keeps the previous content of a replaced file under {@code <state dir>/backups/<file path>/<UTC time>}, the last
 * {@value #KEEP} per file; older ones are deleted so a file rewritten every pass cannot fill the disk.
 */
final class FileBackups {
    static final int KEEP = 5;
    /** Fixed width, so names sort in time order. */
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSSSSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final String stateDir;
    private final Clock clock;

    FileBackups(String stateDir, Clock clock) {
        this.stateDir = stateDir.endsWith("/") ? stateDir.substring(0, stateDir.length() - 1) : stateDir;
        this.clock = clock;
    }

    /** The directory holding the backups of one file. */
    String directoryFor(String hostPath) {
        return stateDir + "/backups" + hostPath;
    }

    /** Saves the previous content (owner-only: it may hold secrets) and prunes to the newest {@value #KEEP}. */
    void keep(String hostPath, byte[] previous, Host host) throws HostException {
        String directory = directoryFor(hostPath);
        List<String> existing = backupsIn(directory, host);
        String name = STAMP.format(clock.instant());
        for (int sequence = 1; existing.contains(name); sequence++) {
            name = STAMP.format(clock.instant()) + String.format("-%03d", sequence);
        }
        host.writeAtomically(directory + "/" + name, previous, FileAttributes.mode("0600"));
        List<String> all = backupsIn(directory, host);
        for (String old : all.subList(0, Math.max(0, all.size() - KEEP))) {
            host.delete(directory + "/" + old);
        }
    }

    /**
     * Deletes every backup of a file, hidden leftovers included: a file now marked secret may have been backed up
     * before it was, and those copies may hold the secret or its predecessor.
     */
    void forget(String hostPath, Host host) throws HostException {
        String directory = directoryFor(hostPath);
        for (String name : host.list(directory)) {
            host.delete(directory + "/" + name);
        }
    }

    /** Backup names, oldest first; hidden names are half-written temporary files of an interrupted write. */
    static List<String> backupsIn(String directory, Host host) throws HostException {
        return host.list(directory).stream().filter(name -> !name.startsWith(".")).sorted().toList();
    }
}
