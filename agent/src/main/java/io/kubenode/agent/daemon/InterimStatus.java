package io.kubenode.agent.daemon;

import io.kubenode.agent.engine.ProgressListener;
import io.kubenode.agent.engine.RunningResource;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * While one resource's apply runs (a kubeadm step can take minutes), tells the pass listener every {@code every}
 * that it still runs, so the controller sees "kubeadm join running for 42 s" instead of a silent node. One timer
 * thread, made on the first apply; once {@link #finished} returns no report of that apply can follow (a tick holds
 * the same lock), so an interim status never arrives after the pass's own.
 */
final class InterimStatus implements ProgressListener {
    /** How often a running resource is reported: about every 10 s. */
    static final Duration DEFAULT_EVERY = Duration.ofSeconds(10);
    private static final System.Logger LOG = System.getLogger(InterimStatus.class.getName());

    private final PassListener listener;
    private final Clock clock;
    private final Duration every;
    private ScheduledExecutorService timer;
    private RunningResource running;
    private ScheduledFuture<?> ticking;

    InterimStatus(PassListener listener, Clock clock, Duration every) {
        this.listener = listener;
        this.clock = clock;
        this.every = every;
    }

    @Override
    public synchronized void started(RunningResource resource) {
        stopTicking();
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "kubenode-interim-status");
                thread.setDaemon(true);
                return thread;
            });
        }
        running = resource;
        ticking = timer.scheduleAtFixedRate(() -> tick(resource), every.toMillis(), every.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void finished(RunningResource resource) {
        stopTicking();
    }

    private synchronized void tick(RunningResource resource) {
        if (running != resource) {
            return; // finished (or replaced) while this tick waited for the lock
        }
        try {
            listener.resourceRunning(resource, clock.instant());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "interim status listener failed: " + e);
        }
    }

    private void stopTicking() {
        running = null;
        if (ticking != null) {
            ticking.cancel(false);
            ticking = null;
        }
    }
}
