package io.kubenode.agent.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.EnumSet;
import java.util.Set;

/** Mode, owner and group of a path, read and set on the path itself (a symbolic link is not followed). */
final class PosixAttributes {
    /** Indexed by bit position: bit 0 of an octal mode is "others may execute". */
    private static final PosixFilePermission[] MODE_BITS = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

    private PosixAttributes() {
    }

    /** Type, mode, owner, group and size; NoSuchFileException when the path does not exist. */
    static FileStat stat(Path path) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        return new FileStat(attributes.isDirectory(), toMode(attributes.permissions()),
                attributes.owner().getName(), attributes.group().getName(), attributes.size());
    }

    /** Sets what the attributes name; owner and group only when they differ, so a no-op needs no right to chown. */
    static void apply(Path path, FileAttributes attributes) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (attributes.mode() != null) {
            view.setPermissions(toPermissions(attributes.mode()));
        }
        UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        if (attributes.owner() != null && !attributes.owner().equals(view.readAttributes().owner().getName())) {
            view.setOwner(lookup.lookupPrincipalByName(attributes.owner()));
        }
        if (attributes.group() != null && !attributes.group().equals(view.readAttributes().group().getName())) {
            view.setGroup(lookup.lookupPrincipalByGroupName(attributes.group()));
        }
    }

    static String toMode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (int bit = 0; bit < MODE_BITS.length; bit++) {
            if (permissions.contains(MODE_BITS[bit])) {
                mode |= 1 << bit;
            }
        }
        return String.format("%04o", mode);
    }

    static Set<PosixFilePermission> toPermissions(String mode) {
        int bits = Integer.parseInt(mode, 8);
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < MODE_BITS.length; bit++) {
            if ((bits & (1 << bit)) != 0) {
                permissions.add(MODE_BITS[bit]);
            }
        }
        return permissions;
    }
}
