package io.kubenode.common.pki;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * AES-256-GCM with a random 96-bit nonce per seal: the one implementation behind the controller's sealed secrets
 * and the agent's sealed catalog cache. A sealed value is the nonce followed by the ciphertext and its 128-bit tag;
 * the associated data (what the value is, and its format) is authenticated but not stored.
 */
public final class Aead {
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;
    /** What sealing adds to the plaintext's size. */
    public static final int OVERHEAD = NONCE_BYTES + TAG_BYTES;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Aead() {
    }

    /** The nonce, then the ciphertext and tag of {@code plaintext}. */
    public static byte[] seal(SecretKey key, byte[] associatedData, byte[] plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
            cipher.updateAAD(associatedData);
            byte[] sealed = new byte[NONCE_BYTES + cipher.getOutputSize(plaintext.length)];
            System.arraycopy(nonce, 0, sealed, 0, NONCE_BYTES);
            cipher.doFinal(plaintext, 0, plaintext.length, sealed, NONCE_BYTES);
            return sealed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot seal with " + TRANSFORMATION + ": " + e.getMessage(), e);
        }
    }

    /**
     * The plaintext of {@code length} sealed bytes at {@code offset}; empty when they do not open: altered,
     * truncated, sealed under another key or with other associated data.
     */
    public static Optional<byte[]> open(SecretKey key, byte[] associatedData, byte[] sealed, int offset, int length) {
        if (length < OVERHEAD) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, sealed, offset, NONCE_BYTES));
            cipher.updateAAD(associatedData);
            return Optional.of(cipher.doFinal(sealed, offset + NONCE_BYTES, length - NONCE_BYTES));
        } catch (AEADBadTagException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot open with " + TRANSFORMATION + ": " + e.getMessage(), e);
        }
    }
}
