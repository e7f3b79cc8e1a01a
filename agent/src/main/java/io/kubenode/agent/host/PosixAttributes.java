package io.kubenode.agent.host;

import io.kubenode.common.catalog.FileModes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Set;

/** Mode, owner and group of a path, read and set on the path itself (a symbolic link is not followed). */
final class PosixAttributes {

    private PosixAttributes() {
    }

    /** Type, mode, owner, group and size; NoSuchFileException when the path does not exist. */
    static FileStat stat(Path path) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        return new FileStat(attributes.isDirectory(), toMode(attributes.permissions()),
                attributes.owner().getName(), attributes.group().getName(), attributes.size(),
                attributes.fileKey() + "@" + attributes.lastModifiedTime().toInstant() + "#" + attributes.size(),
                attributes.lastModifiedTime().toInstant());
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
        return FileModes.toMode(permissions);
    }

    static Set<PosixFilePermission> toPermissions(String mode) {
        return FileModes.toPermissions(mode);
    }
}
