package io.kubenode.controller.clusterpki;

/** A sealed secret that does not open: another key-encryption key, altered bytes, or bytes sealed for another name. */
public final class SecretUnsealException extends RuntimeException {
    private final String secretName;

    public SecretUnsealException(String secretName, String message) {
        super(message);
        this.secretName = secretName;
    }

    public SecretUnsealException(String secretName, String message, Throwable cause) {
        super(message, cause);
        this.secretName = secretName;
    }

    public String secretName() {
        return secretName;
    }
}
