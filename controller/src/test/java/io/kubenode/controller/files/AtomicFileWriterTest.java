package io.kubenode.controller.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AtomicFileWriterTest {

    @TempDir
    Path dir;

    @Test
    void writesTheContentWithTheRequestedModeAndNoTemporaryLeftBehind() throws Exception {
        Path file = dir.resolve("server.key");

        AtomicFileWriter.write(file, bytes("secret"), AtomicFileWriter.PRIVATE);

        assertThat(file).hasContent("secret");
        assertThat(mode(file)).isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void replacesAnExistingFileAndItsMode() throws Exception {
        Path file = Files.writeString(dir.resolve("ca.crt"), "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

        AtomicFileWriter.write(file, bytes("new"), AtomicFileWriter.PUBLIC);

        assertThat(file).hasContent("new");
        assertThat(mode(file)).isEqualTo("rw-r--r--");
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporary() throws Exception {
        Path target = Files.createDirectories(dir.resolve("occupied"));
        Files.writeString(target.resolve("child"), "x");

        assertThatThrownBy(() -> AtomicFileWriter.write(target, bytes("new"), AtomicFileWriter.PUBLIC))
                .isInstanceOf(IOException.class);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void privateDirectoryCreatesOrNarrowsTo0700() throws Exception {
        Path created = dir.resolve("a/b");
        Path existing = Files.createDirectory(dir.resolve("wide"));
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rwxr-xr-x"));

        AtomicFileWriter.privateDirectory(created);
        AtomicFileWriter.privateDirectory(existing);

        assertThat(mode(created)).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("a"))).isEqualTo("rwx------");
        assertThat(mode(existing)).isEqualTo("rwx------");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
