package io.kubenode.common.catalog;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** Octal file modes as catalogs write them ("0644") and the permission sets Java's file API takes. */
public final class FileModes {
    /** Indexed by bit position: bit 0 of an octal mode is "others may execute". */
    private static final PosixFilePermission[] MODE_BITS = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

    private FileModes() {
    }

    public static String toMode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (int bit = 0; bit < MODE_BITS.length; bit++) {
            if (permissions.contains(MODE_BITS[bit])) {
                mode |= 1 << bit;
            }
        }
        return String.format("%04o", mode);
    }

    public static Set<PosixFilePermission> toPermissions(String octalMode) {
        int bits = Integer.parseInt(octalMode, 8);
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < MODE_BITS.length; bit++) {
            if ((bits & (1 << bit)) != 0) {
                permissions.add(MODE_BITS[bit]);
            }
        }
        return permissions;
    }
}
