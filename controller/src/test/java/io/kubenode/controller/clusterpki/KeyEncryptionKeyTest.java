package io.kubenode.controller.clusterpki;

import io.kubenode.controller.cli.KubenodeController;
import io.kubenode.controller.init.InitLayout;
import io.kubenode.controller.serve.ControllerAssembly;
import io.kubenode.controller.store.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyEncryptionKeyTest {
    @TempDir
    Path dir;

    @Test
    void initMakesA32ByteOwnerOnlyKek() throws Exception {
        InitLayout layout = init();

        assertThat(Files.size(layout.keyEncryptionKey())).isEqualTo(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(layout.keyEncryptionKey())))
                .isEqualTo("rw-------");
        assertThat(KeyEncryptionKey.load(layout)).isNotNull();
    }

    @Test
    void serveMakesTheKekOfAnOlderDataDirAndKeepsAnExistingOne() throws Exception {
        InitLayout layout = init();
        Files.delete(layout.keyEncryptionKey());

        try (SqliteStore store = SqliteStore.open(layout.dataDir())) {
            ControllerAssembly.assemble(layout, store, Clock.systemUTC());
            assertThat(Files.size(layout.keyEncryptionKey())).isEqualTo(32);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(layout.keyEncryptionKey())))
                    .isEqualTo("rw-------");
            byte[] adopted = Files.readAllBytes(layout.keyEncryptionKey());

            ControllerAssembly.assemble(layout, store, Clock.systemUTC());
            assertThat(Files.readAllBytes(layout.keyEncryptionKey())).isEqualTo(adopted);
        }
        try (var files = Files.list(layout.pki())) {
            assertThat(files.map(file -> file.getFileName().toString())).as("no temporary file left")
                    .noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void aKekReadableByOthersOrOfTheWrongLengthIsRefused() throws Exception {
        InitLayout layout = init();
        Files.setPosixFilePermissions(layout.keyEncryptionKey(), PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> KeyEncryptionKey.load(layout)).isInstanceOf(KeyEncryptionKeyException.class)
                .hasMessage(layout.keyEncryptionKey() + " is accessible to others than its owner; make it 0600");

        Files.setPosixFilePermissions(layout.keyEncryptionKey(), PosixFilePermissions.fromString("rw-------"));
        Files.write(layout.keyEncryptionKey(), new byte[31]);
        assertThatThrownBy(() -> KeyEncryptionKey.load(layout)).isInstanceOf(KeyEncryptionKeyException.class)
                .hasMessage(layout.keyEncryptionKey() + " holds 31 bytes, expected 32");
    }

    @Test
    void createIfAbsentNeverReplacesAKek() throws Exception {
        InitLayout layout = init();
        byte[] before = Files.readAllBytes(layout.keyEncryptionKey());

        assertThat(KeyEncryptionKey.createIfAbsent(layout)).isFalse();
        assertThat(Files.readAllBytes(layout.keyEncryptionKey())).isEqualTo(before);
    }

    private InitLayout init() {
        InitLayout layout = new InitLayout(dir.resolve("data"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = KubenodeController.run(new PrintWriter(out), new PrintWriter(err), "init",
                "--data-dir", layout.dataDir().toString(), "--san", "127.0.0.1");
        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("created " + layout.keyEncryptionKey());
        return layout;
    }
}
