package io.kubenode.agent.controller;

import io.kubenode.agent.host.Backoff;
import io.kubenode.agent.metrics.AgentMetrics;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * What the agent's controller loops (catalog watch, status, renewal) learn about the connection, shared: the
 * connected and revoked metrics, one log line per change rather than one per failed request, and how long to wait
 * before trying again. A revoked certificate cannot get better by retrying, so then every loop slows right down
 * instead of hammering the controller; the cached catalog stays enforced meanwhile.
 */
public final class ControllerHealth {
    private static final System.Logger LOG = System.getLogger(ControllerHealth.class.getName());
    /** Retry pace while revoked: only re-enrolling (a new certificate) helps, which restarts the agent anyway. */
    public static final Duration REVOKED_RETRY = Duration.ofMinutes(10);

    private final AgentMetrics metrics;
    private final Duration revokedRetry;
    private Boolean connected;
    private boolean revoked;

    public ControllerHealth(AgentMetrics metrics) {
        this(metrics, REVOKED_RETRY);
    }

    public ControllerHealth(AgentMetrics metrics, Duration revokedRetry) {
        this.metrics = metrics;
        this.revokedRetry = revokedRetry;
    }

    /** An exchange succeeded. */
    public synchronized void succeeded() {
        metrics.controllerConnected(true);
        metrics.certificateRevoked(false);
        if (!Boolean.TRUE.equals(connected)) {
            LOG.log(System.Logger.Level.INFO, "controller connection up");
        }
        connected = true;
        revoked = false;
    }

    /**
     * An exchange failed. Unreachable, a 5xx or a revoked certificate count as disconnected; a 4xx is the
     * controller answering (connected, but that request was refused). Logged when the state changes, and every
     * time while revoked: that needs a person.
     */
    public synchronized void failed(ControllerException failure) {
        boolean answered = failure.kind() == ControllerException.Kind.REFUSED && failure.status() < 500
                && !failure.revoked();
        metrics.controllerConnected(answered);
        if (failure.revoked()) {
            metrics.certificateRevoked(true);
            revoked = true;
            LOG.log(System.Logger.Level.ERROR, "the controller says this node's certificate is REVOKED: no new "
                    + "catalog, status or renewal until the node is enrolled again (kubenode-agent enroll with a new "
                    + "bootstrap token); enforcing the cached catalog meanwhile, retrying every "
                    + revokedRetry.toSeconds() + " s");
        } else if (answered || !Boolean.FALSE.equals(connected)) {
            LOG.log(System.Logger.Level.WARNING, failure.getMessage() + (answered ? ""
                    : "; enforcing the cached catalog, retrying with backoff"));
        }
        connected = answered;
    }

    public synchronized boolean revoked() {
        return revoked;
    }

    /** The wait before the next try of a loop with {@code failures} consecutive failures. */
    public synchronized Duration retryDelay(int failures, Backoff backoff, RandomGenerator random) {
        return revoked ? revokedRetry : backoff.delay(failures, random);
    }
}
