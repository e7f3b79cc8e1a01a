package io.kubenode.agent.status;

import io.kubenode.agent.controller.CatalogEvents;
import io.kubenode.agent.controller.ControllerClient;
import io.kubenode.agent.controller.ControllerException;
import io.kubenode.agent.controller.ControllerHealth;
import io.kubenode.agent.daemon.BackgroundLoop;
import io.kubenode.agent.daemon.PassListener;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.engine.RunningResource;
import io.kubenode.agent.host.Backoff;
import io.kubenode.common.catalog.CatalogResource;
import io.kubenode.common.catalog.FirewallSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.status.MetricsEndpoint;
import io.kubenode.common.status.NodeStatus;
import io.kubenode.common.validation.Problem;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Reports the node's status to the controller after every pass and whenever a catalog arrives or is refused. The
 * pass thread only builds the status and drops it in a {@link LatestWins} slot; this reporter's own thread adds
 * facts and sends it. While the controller is away the newest unsent status waits (older ones are replaced) and is
 * sent when it is back; nothing here can block or fail a pass.
 */
public final class StatusReporter implements PassListener, CatalogEvents, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(StatusReporter.class.getName());

    private final ControllerClient client;
    private final FactsCache facts;
    private final ControllerHealth health;
    private final Backoff backoff;
    private final Clock clock;
    private final RandomGenerator random;
    private final NodeStatusBuilder builder;
    private final LatestWins<NodeStatus> unsent = new LatestWins<>();
    private BackgroundLoop thread;

    public StatusReporter(ControllerClient client, boolean sandbox, FactsCache facts, ControllerHealth health,
                          Backoff backoff, Clock clock, RandomGenerator random) {
        this.client = client;
        this.facts = facts;
        this.health = health;
        this.backoff = backoff;
        this.clock = clock;
        this.random = random;
        this.builder = new NodeStatusBuilder(client.nodeName(), sandbox);
    }

    /** Where the agent's metrics server listens: in every status from now on (the controller's Prometheus SD). */
    public synchronized void metricsEndpoint(MetricsEndpoint endpoint) {
        builder.metricsEndpoint(endpoint);
    }

    public synchronized void start() {
        thread = BackgroundLoop.start("kubenode-status", this::sendLoop);
    }

    @Override
    public synchronized void passCompleted(Report report) {
        builder.passCompleted(report);
        unsent.offer(builder.build(clock.instant()));
    }

    /** An interim status: the last pass's results, with the resource being applied now as running. */
    @Override
    public synchronized void resourceRunning(RunningResource running, Instant now) {
        builder.running(running);
        unsent.offer(builder.build(now));
    }

    @Override
    public synchronized void catalogAccepted(NodeCatalog catalog) {
        catalog.spec().resources().stream().map(CatalogResource::spec)
                .filter(FirewallSpec.class::isInstance).map(FirewallSpec.class::cast).findFirst()
                .ifPresent(firewall -> facts.nodeAddress(firewall.address()));
        builder.catalogAccepted(catalog.metadata().generation(), catalog.metadata().contentHash());
        unsent.offer(builder.build(clock.instant()));
    }

    @Override
    public synchronized void catalogRefused(long generation, List<Problem> problems) {
        builder.catalogRefused(generation, problems);
        unsent.offer(builder.build(clock.instant()));
    }

    /** The status waiting to be sent, if any (for tests and diagnostics). */
    public java.util.Optional<NodeStatus> pending() {
        return unsent.peek();
    }

    private void sendLoop() {
        int failures = 0;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                NodeStatus status = unsent.take();
                try {
                    client.putStatus(NodeStatusBuilder.sending(status, clock.instant(), facts.current()));
                    health.succeeded();
                    failures = 0;
                } catch (ControllerException e) {
                    health.failed(e);
                    if (!worthRetrying(e)) {
                        LOG.log(System.Logger.Level.WARNING, "status dropped: " + e.getMessage());
                        continue;
                    }
                    unsent.putBack(status);
                    failures++;
                    Thread.sleep(health.retryDelay(failures, backoff, random).toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Unreachable, overloaded, failing or revoked: later may work. Any other refusal would only repeat. */
    private static boolean worthRetrying(ControllerException e) {
        return e.kind() == ControllerException.Kind.UNREACHABLE || e.status() >= 500 || e.status() == 429
                || e.revoked();
    }

    @Override
    public synchronized void close() {
        if (thread != null) {
            thread.stop();
        }
    }
}
