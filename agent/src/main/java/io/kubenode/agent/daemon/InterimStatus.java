package io.kubenode.agent.daemon;

import io.kubenode.agent.engine.ProgressListener;
import io.kubenode.agent.engine.RunningResource;

import java.time.Clock;
import java.time.Duration;

/**
 * While one resource's apply runs (a kubeadm step can take minutes), tells the pass listener every {@code every}
 * that it still runs, so the controller sees "kubeadm join running for 42 s" instead of a silent node. One thread per
 * running apply, started when it starts and stopped when it ends: a pass that applies nothing starts none.
 */
final class InterimStatus implements ProgressListener {
    /** How often a running resource is reported: about every 10 s. */
    static final Duration DEFAULT_EVERY = Duration.ofSeconds(10);
    private static final System.Logger LOG = System.getLogger(InterimStatus.class.getName());

    private final PassListener listener;
    private final Clock clock;
    private final Duration every;
    private BackgroundLoop ticker;

    InterimStatus(PassListener listener, Clock clock, Duration every) {
        this.listener = listener;
        this.clock = clock;
        this.every = every;
    }

    @Override
    public synchronized void started(RunningResource resource) {
        stopTicker();
        ticker = BackgroundLoop.start("kubenode-interim-status", () -> tick(resource));
    }

    @Override
    public synchronized void finished(RunningResource resource) {
        stopTicker();
    }

    private void tick(RunningResource resource) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(every.toMillis());
                try {
                    listener.resourceRunning(resource, clock.instant());
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "interim status listener failed: " + e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopTicker() {
        if (ticker != null) {
            ticker.stop();
            ticker = null;
        }
    }
}
