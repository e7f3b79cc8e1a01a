package io.kubenode.agent.controller;

import io.kubenode.agent.daemon.BackgroundLoop;
import io.kubenode.agent.daemon.CatalogSource;
import io.kubenode.agent.host.Backoff;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.metrics.AgentMetrics;
import io.kubenode.agent.state.CatalogLoader;
import io.kubenode.agent.state.StateDir;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.validation.Problem;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;

/**
 * The controller's catalog watch: a long poll ({@code GET catalog?after=G&wait=S}) on its own thread. A new catalog
 * is checked (content hash, shape, node, generation) and written to the state dir's checked cache before the daemon
 * may use it, so a restart without the controller enforces it; then the daemon is woken at once. A refused catalog
 * is reported, never handed over: the one in force stays. When the controller is unreachable the watch retries with
 * backoff and the daemon goes on enforcing what it has.
 */
public final class ControllerCatalogSource implements CatalogSource, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ControllerCatalogSource.class.getName());
    public static final int DEFAULT_WAIT_SECONDS = 30;

    private final ControllerClient client;
    private final StateDir state;
    private final CatalogEvents events;
    private final ControllerHealth health;
    private final AgentMetrics metrics;
    private final Backoff backoff;
    private final RandomGenerator random;
    private final int waitSeconds;
    private final AtomicReference<CatalogLoader.Loaded> ready = new AtomicReference<>();
    private volatile Runnable wakeUp = () -> { };
    /** The newest generation seen: accepted, or refused (so a refused catalog is not fetched again and again). */
    private long after;
    private BackgroundLoop thread;

    public ControllerCatalogSource(ControllerClient client, StateDir state, CatalogEvents events,
                                   ControllerHealth health, AgentMetrics metrics, Backoff backoff,
                                   RandomGenerator random, int waitSeconds) {
        this.client = client;
        this.state = state;
        this.events = events;
        this.health = health;
        this.metrics = metrics;
        this.backoff = backoff;
        this.random = random;
        this.waitSeconds = waitSeconds;
    }

    /** Starts watching for catalogs newer than the cached one (whose generation the controller then need not send). */
    public synchronized void start() {
        after = cachedGeneration();
        thread = BackgroundLoop.start("kubenode-catalog-watch", this::watchLoop);
    }

    @Override
    public Optional<CatalogLoader.Loaded> poll() {
        return Optional.ofNullable(ready.getAndSet(null));
    }

    @Override
    public List<String> watchedPaths() {
        return List.of();
    }

    /** take() caches every catalog before handing it over. */
    @Override
    public boolean cachesCatalogs() {
        return true;
    }

    @Override
    public void onNewCatalog(Runnable wakeUp) {
        this.wakeUp = wakeUp;
    }

    private long cachedGeneration() {
        try {
            Optional<CatalogLoader.Loaded> cached = state.loadCatalog();
            if (cached.isPresent() && cached.get().ok()) {
                events.catalogAccepted(cached.get().catalog());
                return cached.get().catalog().metadata().generation();
            }
        } catch (HostException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read the cached catalog: " + e.getMessage());
        }
        return 0;
    }

    private void watchLoop() {
        int failures = 0;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                boolean progressed;
                try {
                    CatalogAnswer answer = client.catalog(after, waitSeconds);
                    health.succeeded();
                    progressed = !(answer instanceof CatalogAnswer.NewCatalog fresh) || take(fresh);
                } catch (ControllerException e) {
                    health.failed(e);
                    progressed = false;
                }
                failures = progressed ? 0 : failures + 1;
                if (failures > 0) {
                    Thread.sleep(health.retryDelay(failures, backoff, random).toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Checks, caches and hands over a catalog; false when it could not be taken and the watch should back off. */
    private boolean take(CatalogAnswer.NewCatalog fresh) {
        CatalogLoader.Loaded loaded = CatalogLoader.load(fresh.body());
        long generation = fresh.generation() >= 0 ? fresh.generation()
                : loaded.ok() ? loaded.catalog().metadata().generation() : -1;
        List<Problem> problems = loaded.ok() ? mismatches(loaded.catalog(), fresh.generation()) : loaded.problems();
        if (!problems.isEmpty()) {
            refuse(generation, problems);
            // without a generation to move past, asking again would bring the same catalog at once
            return generation >= 0;
        }
        NodeCatalog catalog = loaded.catalog();
        try {
            state.saveCatalog(catalog);
        } catch (HostException e) {
            // not handed over uncached: a restart would go back to an older catalog; fetched again after backoff
            LOG.log(System.Logger.Level.ERROR, "cannot cache catalog generation " + generation + ", not applying it "
                    + "yet: " + e.getMessage());
            return false;
        }
        after = generation;
        metrics.catalogReceived(generation);
        ready.set(loaded);
        events.catalogAccepted(catalog);
        LOG.log(System.Logger.Level.INFO, "catalog generation " + generation + " received (" + catalog.spec()
                .resources().size() + " resources)");
        wakeUp.run();
        return true;
    }

    private void refuse(long generation, List<Problem> problems) {
        if (generation > after) {
            after = generation;
        }
        LOG.log(System.Logger.Level.WARNING, "catalog " + (generation >= 0 ? "generation " + generation + " " : "")
                + "refused, keeping the one in force: " + String.join("; ",
                problems.stream().map(Problem::render).toList()));
        metrics.catalogRefused();
        events.catalogRefused(generation, problems);
    }

    /** A catalog that loads but is not this node's, or not the generation the controller announced, or not newer. */
    private List<Problem> mismatches(NodeCatalog catalog, long announced) {
        if (!client.nodeName().equals(catalog.metadata().node())) {
            return List.of(Problem.error("metadata.node", "expected this node (" + client.nodeName() + "), got "
                    + catalog.metadata().node()));
        }
        long generation = catalog.metadata().generation();
        if (announced >= 0 && announced != generation) {
            return List.of(Problem.error("metadata.generation", "the controller announced generation " + announced
                    + ", the catalog says " + generation));
        }
        if (generation <= after) {
            return List.of(Problem.error("metadata.generation", "expected a generation above " + after + ", got "
                    + generation));
        }
        return List.of();
    }

    @Override
    public synchronized void close() {
        if (thread != null) {
            thread.stop();
        }
    }
}
