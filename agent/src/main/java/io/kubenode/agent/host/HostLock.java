package io.kubenode.agent.host;

/** A held lock; closing releases it. */
public interface HostLock extends AutoCloseable {
    @Override
    void close();
}
