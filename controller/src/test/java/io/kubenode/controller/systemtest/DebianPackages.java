package io.kubenode.controller.systemtest;

import io.kubenode.controller.realcheck.ExternalCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Debian's real packages for the test image, which has no apt source (an air-gapped host): this host's apt
 * downloads the named packages with every dependency the image lacks, computed against the image's own dpkg
 * status, so {@link PackageInstall#installDebs} can install them inside as a user installs downloaded files.
 * Downloads are kept per image and package list in {@code /var/cache/kubenode-vm/nspawn-debs} (outside the image's
 * cache entry, which stays untouched); a second run downloads nothing.
 */
public final class DebianPackages {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private DebianPackages() {
    }

    /**
     * The {@code .deb} files for {@code names} and what they need beyond the image mounted on {@code hosts}; empty
     * when the image has them all.
     */
    public static List<Path> forImage(NspawnHosts hosts, List<String> names) throws IOException, InterruptedException {
        ExternalCommand.require("apt-get");
        Path imageEntry = hosts.imageFile().getParent();
        Path cache = imageEntry.getParent().resolve("nspawn-debs")
                .resolve(imageEntry.getFileName() + "-" + digest(String.join(" ", names)));
        if (!Files.isDirectory(cache)) {
            download(hosts.imageRoot(), names, cache);
        }
        try (Stream<Path> files = Files.list(cache)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".deb")).sorted().toList();
        }
    }

    /** Downloads into a fresh directory beside {@code cache}, then renames it: a cut run leaves no half list. */
    private static void download(Path imageRoot, List<String> names, Path cache)
            throws IOException, InterruptedException {
        Files.createDirectories(cache.getParent());
        Path partial = Files.createTempDirectory(cache.getParent(), ".download-");
        try {
            Files.createDirectories(partial.resolve("partial"));
            List<String> argv = new ArrayList<>(List.of("apt-get", "-q", "--download-only", "--yes",
                    "--no-install-recommends",
                    // The image's installed packages, not this host's, decide what is missing.
                    "-o", "Dir::State::status=" + imageRoot.resolve("var/lib/dpkg/status"),
                    "-o", "Dir::Cache::archives=" + partial,
                    // Neither this host's package caches nor its dpkg lock are touched.
                    "-o", "Dir::Cache::pkgcache=", "-o", "Dir::Cache::srcpkgcache=", "-o", "Debug::NoLocking=1",
                    "install"));
            argv.addAll(names);
            ExternalCommand.Result result = ExternalCommand.run(argv, TIMEOUT, Map.of());
            if (result.exitCode() != 0) {
                throw new AssertionError("downloading Debian packages for the test image failed (this host's apt "
                        + "lists must know them: apt-get update)\n" + result.describe());
            }
            Commands.check("rm", "-rf", partial.resolve("partial").toString());
            try {
                Files.move(partial, cache, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileSystemException anotherRunWasFirst) {
                if (!Files.isDirectory(cache)) {
                    throw anotherRunWasFirst;
                }
            }
        } finally {
            if (Files.exists(partial)) {
                Commands.check("rm", "-rf", partial.toString());
            }
        }
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
