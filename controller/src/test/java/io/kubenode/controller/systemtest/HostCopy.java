package io.kubenode.controller.systemtest;

import io.kubenode.controller.realcheck.ExternalCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Copies host files into a running container through its own tools, by standard input: the container resolves
 * the destination path itself (its symbolic links, its mounts), so nothing is written through this host's view of
 * the tree. A file goes through {@code install -D} (keeps the permission bits), a directory through {@code tar}.
 */
final class HostCopy {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private HostCopy() {
    }

    static void copy(NspawnHost host, Path hostPath, String containerPath) throws IOException, InterruptedException {
        if (!containerPath.startsWith("/")) {
            throw new IllegalArgumentException("container path must be absolute: " + containerPath);
        }
        if (Files.isRegularFile(hostPath, LinkOption.NOFOLLOW_LINKS)) {
            String mode = octal(Files.getPosixFilePermissions(hostPath));
            check(host, List.of("install", "-D", "-m", mode, "/dev/stdin", containerPath), hostPath);
        } else if (Files.isDirectory(hostPath, LinkOption.NOFOLLOW_LINKS)) {
            Path archive = Files.createTempFile("kubenode-copy", ".tar");
            try {
                Commands.check(List.of("tar", "-C", hostPath.toString(), "--owner=0", "--group=0",
                        "--numeric-owner", "-cf", archive.toString(), "."), TIMEOUT);
                host.check("mkdir", "-p", containerPath);
                check(host, List.of("tar", "-C", containerPath, "-xpf", "-"), archive);
            } finally {
                Files.deleteIfExists(archive);
            }
        } else {
            throw new IllegalArgumentException(hostPath + " is neither a regular file nor a directory");
        }
    }

    private static void check(NspawnHost host, List<String> argv, Path stdin)
            throws IOException, InterruptedException {
        ExternalCommand.Result result = ExternalCommand.run(host.inside(argv), TIMEOUT, Map.of(), stdin);
        if (result.exitCode() != 0) {
            throw new AssertionError(host.machine() + ": " + result.describe());
        }
    }

    private static String octal(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return Integer.toOctalString(mode);
    }
}
