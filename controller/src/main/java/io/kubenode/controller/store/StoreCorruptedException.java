package io.kubenode.controller.store;

/** The database file failed its integrity check; the controller must not start on it. Restore a backup. */
public final class StoreCorruptedException extends StoreException {
    public StoreCorruptedException(String message) {
        super(message);
    }

    public StoreCorruptedException(String message, Throwable cause) {
        super(message, cause);
    }
}
