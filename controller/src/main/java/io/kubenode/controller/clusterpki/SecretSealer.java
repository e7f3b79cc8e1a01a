package io.kubenode.controller.clusterpki;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * Seals secrets for the store with AES-256-GCM under the {@link KeyEncryptionKey}. Format: one version byte
 * ({@value #VERSION}), a random 96-bit nonce, then ciphertext and 128-bit tag. The authenticated data is the version
 * byte and the secret's name, so bytes moved to another name, altered in any byte, or sealed under another KEK never
 * open: unsealing either returns exactly what was sealed or throws {@link SecretUnsealException} naming the secret.
 */
public final class SecretSealer {
    static final byte VERSION = 1;
    static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final KeyEncryptionKey kek;
    private final SecureRandom random = new SecureRandom();

    public SecretSealer(KeyEncryptionKey kek) {
        this.kek = kek;
    }

    public byte[] seal(String name, byte[] plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, kek.secretKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(VERSION, name));
            byte[] ciphertext = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(1 + NONCE_BYTES + ciphertext.length).put(VERSION).put(nonce).put(ciphertext)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot seal with " + TRANSFORMATION + ": " + e.getMessage(), e);
        }
    }

    public byte[] unseal(String name, byte[] sealed) {
        if (sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8) {
            throw new SecretUnsealException(name, "secret " + name + " is truncated (" + sealed.length
                    + " bytes): the store was altered");
        }
        if (sealed[0] != VERSION) {
            throw new SecretUnsealException(name, "secret " + name + " has seal format " + (sealed[0] & 0xff)
                    + ", this controller knows " + VERSION);
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, kek.secretKey(), new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            cipher.updateAAD(associatedData(sealed[0], name));
            return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new SecretUnsealException(name, "secret " + name + " does not open with this key-encryption key: "
                    + "pki/kek.key is not the one it was sealed with, or the stored bytes were altered or moved from "
                    + "another secret", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot unseal with " + TRANSFORMATION + ": " + e.getMessage(),
                    e);
        }
    }

    private static byte[] associatedData(byte version, String name) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + nameBytes.length).put(version).put(nameBytes).array();
    }
}
