package io.kubenode.controller.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The store holds token hashes and the audit trail: its directory is 0700 and its files 0600, whatever the umask.
 * SQLite creates -wal and -shm with the mode of the database file, so creating that file 0600 covers them too;
 * {@link #restrict} also fixes files an earlier version or an admin left wider.
 */
final class OwnerOnlyFiles {
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFiles() {
    }

    static void prepare(Path dataDir, Path database) {
        try {
            Files.createDirectories(dataDir, PosixFilePermissions.asFileAttribute(DIRECTORY));
            Files.setPosixFilePermissions(dataDir, DIRECTORY);
        } catch (IOException e) {
            throw new StoreException("cannot prepare the data directory " + dataDir + ": " + e.getMessage(), e);
        }
        try {
            createEmpty(database);
        } catch (FileAlreadyExistsException exists) {
            restrict(database);
        } catch (IOException e) {
            throw new StoreException("cannot create " + database + ": " + e.getMessage(), e);
        }
    }

    /** Creates an empty 0600 file; fails if anything exists at {@code file}. */
    static void createEmpty(Path file) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
        Files.setPosixFilePermissions(file, FILE);
    }

    static void restrict(Path database) {
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path file = database.resolveSibling(database.getFileName() + suffix);
            try {
                if (Files.exists(file)) {
                    Files.setPosixFilePermissions(file, FILE);
                }
            } catch (IOException e) {
                throw new StoreException("cannot restrict " + file + " to its owner: " + e.getMessage(), e);
            }
        }
    }
}
