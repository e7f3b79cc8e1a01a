package io.kubenode.common.pki;

/** Unusable key material (bad PEM, a key that does not match its certificate, a CA that cannot sign). */
public class PkiException extends RuntimeException {
    public PkiException(String message) {
        super(message);
    }

    public PkiException(String message, Throwable cause) {
        super(message, cause);
    }
}
