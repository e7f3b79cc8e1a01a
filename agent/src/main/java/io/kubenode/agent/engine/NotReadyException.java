package io.kubenode.agent.engine;

/** Thrown by observe when what it checks is not there yet; the pass reports "not ready", not "failed". */
public final class NotReadyException extends Exception {
    public NotReadyException(String message) {
        super(message);
    }
}
