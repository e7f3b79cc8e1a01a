package io.kubenode.agent.resource.archive;

import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.host.RealCommands;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Real tar.gz files made with GNU tar for the tests, with their sha256. */
final class TestArchives {
    private TestArchives() {
    }

    /** A release-like tree: bin/tool (0755, a shell script), share/x.txt (0644). */
    static Path releaseTree(Path work, String version) {
        try {
            Path tree = Files.createDirectories(work.resolve("tree-" + version));
            Files.createDirectories(tree.resolve("bin"));
            Files.createDirectories(tree.resolve("share"));
            Path tool = Files.writeString(tree.resolve("bin/tool"), "#!/bin/sh\necho tool " + version + "\n");
            Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path text = Files.writeString(tree.resolve("share/x.txt"), "shared data " + version + "\n");
            Files.setPosixFilePermissions(text, PosixFilePermissions.fromString("rw-r--r--"));
            return tree;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code tar czf} of the directory's content (members named ./bin/tool ...). */
    static byte[] tarGz(Path tree, String... extraTarOptions) {
        Path archive = tree.resolveSibling(tree.getFileName() + ".tar.gz");
        List<String> argv = new ArrayList<>(List.of("tar"));
        argv.addAll(List.of(extraTarOptions));
        argv.addAll(List.of("-czf", archive.toString(), "-C", tree.toString(), "--owner=1234", "--group=1234", "."));
        RealCommands.runChecked(argv.toArray(String[]::new));
        return read(archive);
    }

    /** {@code tar -P} keeps names as given, so a member can be called ../evil or /etc/evil (what attackers do). */
    static byte[] tarGzWithRawNames(Path directory, String... members) {
        Path archive = directory.resolve("raw-" + System.nanoTime() + ".tar.gz");
        List<String> argv = new ArrayList<>(List.of("tar", "-P", "-czf", archive.toString(),
                "--directory=" + directory));
        argv.addAll(List.of(members));
        RealCommands.runChecked(argv.toArray(String[]::new));
        return read(archive);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String mode(Path path) {
        try {
            return LocalHost.toMode(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
