package io.kubenode.controller.clusterpki;

import io.kubenode.common.pki.Aead;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Seals secrets for the store with AES-256-GCM under the {@link KeyEncryptionKey}. Format: one version byte
 * ({@value #VERSION}), a random 96-bit nonce, then ciphertext and 128-bit tag. The authenticated data is the version
 * byte and the secret's name, so bytes moved to another name, altered in any byte, or sealed under another KEK never
 * open: unsealing either returns exactly what was sealed or throws {@link SecretUnsealException} naming the secret.
 */
public final class SecretSealer {
    static final byte VERSION = 1;
    static final int NONCE_BYTES = Aead.NONCE_BYTES;

    private final KeyEncryptionKey kek;

    public SecretSealer(KeyEncryptionKey kek) {
        this.kek = kek;
    }

    public byte[] seal(String name, byte[] plaintext) {
        byte[] body = Aead.seal(kek.secretKey(), associatedData(VERSION, name), plaintext);
        return ByteBuffer.allocate(1 + body.length).put(VERSION).put(body).array();
    }

    public byte[] unseal(String name, byte[] sealed) {
        if (sealed.length < 1 + Aead.OVERHEAD) {
            throw new SecretUnsealException(name, "secret " + name + " is truncated (" + sealed.length
                    + " bytes): the store was altered");
        }
        if (sealed[0] != VERSION) {
            throw new SecretUnsealException(name, "secret " + name + " has seal format " + (sealed[0] & 0xff)
                    + ", this controller knows " + VERSION);
        }
        return Aead.open(kek.secretKey(), associatedData(sealed[0], name), sealed, 1, sealed.length - 1)
                .orElseThrow(() -> new SecretUnsealException(name, "secret " + name + " does not open with this "
                        + "key-encryption key: pki/kek.key is not the one it was sealed with, or the stored bytes "
                        + "were altered or moved from another secret"));
    }

    private static byte[] associatedData(byte version, String name) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + nameBytes.length).put(version).put(nameBytes).array();
    }
}
