package io.kubenode.controller.cli;

import io.kubenode.common.catalog.CatalogResource;
import io.kubenode.common.catalog.FileModes;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.ManagedBlockSpec;
import io.kubenode.common.catalog.NodeCatalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Writes the files of a catalog under a review directory at their host paths ({@code DIR/etc/haproxy/haproxy.cfg}),
 * with their modes. A managed block is written as the block alone, between its markers.
 */
final class NodeFilesWriter {

    record Written(String hostPath, Path file, long bytes) {
    }

    private NodeFilesWriter() {
    }

    static List<Written> write(NodeCatalog catalog, Path outDir) throws IOException {
        Path root = outDir.toAbsolutePath().normalize();
        List<Written> written = new ArrayList<>();
        for (CatalogResource resource : catalog.spec().resources()) {
            if (resource.spec() instanceof FileSpec file) {
                written.add(writeFile(root, file.path(), file.content(), file.effectiveMode(), file.isSecret()));
            } else if (resource.spec() instanceof ManagedBlockSpec block) {
                String content = block.beginLine() + "\n" + block.content() + block.endLine() + "\n";
                written.add(writeFile(root, block.path(), content, null, false));
            }
        }
        return written;
    }

    private static Written writeFile(Path root, String hostPath, String content, String mode, boolean secret)
            throws IOException {
        Path target = root.resolve(hostPath.replaceFirst("^/+", "")).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw new IOException("refusing to write " + hostPath + " outside " + root);
        }
        Files.createDirectories(target.getParent());
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (secret) {
            ownerOnlyBeforeWriting(target);
        }
        Files.write(target, bytes);
        if (mode != null) {
            Files.setPosixFilePermissions(target, FileModes.toPermissions(mode));
        }
        return new Written(hostPath, target, bytes.length);
    }

    /** A secret is never in a file others can read, not even between the write and the chmod. */
    private static void ownerOnlyBeforeWriting(Path target) throws IOException {
        Set<PosixFilePermission> ownerOnly = FileModes.toPermissions(FileSpec.SECRET_MODE);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.setPosixFilePermissions(target, ownerOnly);
        } else {
            Files.createFile(target, PosixFilePermissions.asFileAttribute(ownerOnly));
        }
    }
}
