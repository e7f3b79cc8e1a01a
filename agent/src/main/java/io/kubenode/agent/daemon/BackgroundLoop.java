package io.kubenode.agent.daemon;

import java.time.Duration;

/**
 * A daemon thread running one of the agent's loops (catalog watch, status, renewal), so that none of them ever
 * holds up a pass or the JVM's exit. {@link #stop} interrupts it and waits a little for it to finish.
 */
public final class BackgroundLoop {
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);
    private final Thread thread;

    private BackgroundLoop(Thread thread) {
        this.thread = thread;
    }

    public static BackgroundLoop start(String name, Runnable loop) {
        Thread thread = new Thread(loop, name);
        thread.setDaemon(true);
        thread.start();
        return new BackgroundLoop(thread);
    }

    public void stop() {
        thread.interrupt();
        try {
            thread.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
