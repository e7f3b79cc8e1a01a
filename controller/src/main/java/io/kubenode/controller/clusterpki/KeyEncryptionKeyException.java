package io.kubenode.controller.clusterpki;

/** The key-encryption key is missing, malformed or too widely readable. */
public final class KeyEncryptionKeyException extends RuntimeException {
    public KeyEncryptionKeyException(String message) {
        super(message);
    }

    public KeyEncryptionKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
