package io.kubenode.agent.status;

import java.util.Optional;

/**
 * A one-slot mailbox between the threads that produce statuses and the one that sends them: a new value replaces
 * an unsent one (only the newest state of a node is worth sending), so memory stays bounded however long the
 * controller is away.
 */
public final class LatestWins<T> {
    private T value;

    /** Replaces whatever is waiting. */
    public synchronized void offer(T newer) {
        value = newer;
        notifyAll();
    }

    /** Waits for a value and takes it. */
    public synchronized T take() throws InterruptedException {
        while (value == null) {
            wait();
        }
        T taken = value;
        value = null;
        return taken;
    }

    /** Puts back a value that could not be sent, unless a newer one arrived meanwhile. */
    public synchronized void putBack(T unsent) {
        if (value == null) {
            value = unsent;
        }
    }

    public synchronized Optional<T> peek() {
        return Optional.ofNullable(value);
    }
}
