package io.kubenode.agent.host;

import java.time.Duration;
import java.util.Set;

/** Watches some host files; reports which of them were created, changed, replaced or deleted. */
public interface HostWatch extends AutoCloseable {

    /**
     * Waits up to {@code timeout} for a change and returns the host paths changed since the last call (all of them
     * when the kernel's queue overflowed); empty when nothing changed in time. A zero timeout only drains.
     */
    Set<String> changes(Duration timeout) throws InterruptedException;

    /** False when some watched file's directory did not exist yet, so changes to that file go unseen. */
    boolean complete();

    @Override
    void close();
}
