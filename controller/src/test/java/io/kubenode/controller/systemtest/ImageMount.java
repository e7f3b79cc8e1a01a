package io.kubenode.controller.systemtest;

import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.realcheck.ExternalCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The project's cached test image (deploy/vm/build-image.sh builds it once, or links the cached one) mounted
 * read-only through a loop device: the pristine lower layer every container's overlay shares. Nothing writes to it,
 * so the cache entry stays exactly as the QEMU test boots it. {@code mount -o loop} sets autoclear: unmounting
 * detaches the loop device too.
 */
final class ImageMount implements AutoCloseable {
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(20);

    private final Path image;
    private final Path mountPoint;
    private boolean mounted;

    private ImageMount(Path image, Path mountPoint) {
        this.image = image;
        this.mountPoint = mountPoint;
    }

    /**
     * Builds or links the image into {@code imageDir} (a cache hit copies nothing) and mounts its root file system
     * read-only on {@code mountPoint}.
     */
    static ImageMount mount(Path imageDir, Path mountPoint) throws IOException, InterruptedException {
        ExternalCommand.require("debootstrap");
        ExternalCommand.require("mkfs.ext4");
        Path script = SeedCluster.repositoryRoot().resolve("deploy/vm/build-image.sh");
        ExternalCommand.Result build = ExternalCommand.run(List.of(script.toString(), imageDir.toString()),
                BUILD_TIMEOUT, Map.of());
        System.out.print(build.stderr());
        if (build.exitCode() != 0) {
            throw new AssertionError(build.describe());
        }
        Path image = imageDir.resolve("root.img").toRealPath();
        Files.createDirectories(mountPoint);
        ImageMount mount = new ImageMount(image, mountPoint);
        Commands.check("mount", "-o", "loop,ro", image.toString(), mountPoint.toString());
        mount.mounted = true;
        return mount;
    }

    /** The image's root directory tree, read-only. */
    Path root() {
        return mountPoint;
    }

    /** The cached raw image file the loop device reads. */
    Path image() {
        return image;
    }

    @Override
    public synchronized void close() throws IOException, InterruptedException {
        if (mounted) {
            Commands.check("umount", mountPoint.toString());
            mounted = false;
        }
    }
}
