package io.kubenode.controller.clusterpki;

import io.kubenode.controller.files.AtomicFileWriter;
import io.kubenode.controller.init.InitLayout;
import io.kubenode.controller.store.Store;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;

/**
 * The key-encryption key (KEK) in {@code DATA/pki/kek.key}: 32 random bytes, mode 0600, never printed or logged. It
 * seals the secrets the store keeps ({@link SecretSealer}), so the database and its backups alone open nothing.
 * Losing it loses those secrets; replacing it makes them unreadable, so nothing here ever overwrites one.
 */
public final class KeyEncryptionKey {
    static final int LENGTH = 32;
    private static final Set<PosixFilePermission> WIDER_THAN_OWNER = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final SecretKey key;

    private KeyEncryptionKey(byte[] bytes) {
        this.key = new SecretKeySpec(bytes, "AES");
        Arrays.fill(bytes, (byte) 0);
    }

    public static Path file(InitLayout layout) {
        return layout.keyEncryptionKey();
    }

    /**
     * Creates {@code kek.key} (0600, written atomically) unless it exists; true if it made one. An existing file is
     * never replaced: the secrets sealed under it would be lost.
     */
    public static boolean createIfAbsent(InitLayout layout) throws IOException {
        Path file = file(layout);
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        AtomicFileWriter.privateDirectory(layout.pki());
        byte[] bytes = new byte[LENGTH];
        new SecureRandom().nextBytes(bytes);
        try {
            AtomicFileWriter.write(file, bytes, AtomicFileWriter.PRIVATE);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
        return true;
    }

    /**
     * At serve start: makes the KEK of a data dir initialised before there was one. When the store holds sealed
     * secrets already, a missing KEK is not replaced by a new one (which could never open them) but refused, naming
     * what to restore.
     */
    public static void adopt(InitLayout layout, Store store) {
        if (Files.exists(file(layout), LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        int sealed = store.secretNames().size();
        if (sealed > 0) {
            throw new KeyEncryptionKeyException(file(layout) + " is missing but the store holds " + sealed
                    + " secrets sealed under it; restore kek.key from where you keep it (a new key cannot open them)");
        }
        try {
            createIfAbsent(layout);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file(layout), e);
        }
    }

    /** Reads the KEK; refused, naming the file, when it is missing, not 32 bytes, or readable by others than its owner. */
    public static KeyEncryptionKey load(InitLayout layout) {
        Path file = file(layout);
        if (!Files.isRegularFile(file)) {
            throw new KeyEncryptionKeyException(file + " is missing: the sealed secrets in the store cannot be read "
                    + "without it (restore it from where you keep it)");
        }
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.stream().anyMatch(WIDER_THAN_OWNER::contains)) {
                throw new KeyEncryptionKeyException(file + " is accessible to others than its owner; make it 0600");
            }
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length != LENGTH) {
                int length = bytes.length;
                Arrays.fill(bytes, (byte) 0);
                throw new KeyEncryptionKeyException(file + " holds " + length + " bytes, expected " + LENGTH);
            }
            return new KeyEncryptionKey(bytes);
        } catch (IOException e) {
            throw new KeyEncryptionKeyException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** For tests and for a KEK held elsewhere: exactly 32 bytes, copied. */
    public static KeyEncryptionKey of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a key-encryption key is " + LENGTH + " bytes, got " + bytes.length);
        }
        return new KeyEncryptionKey(bytes.clone());
    }

    SecretKey secretKey() {
        return key;
    }

    @Override
    public String toString() {
        return "KeyEncryptionKey(redacted)";
    }
}
