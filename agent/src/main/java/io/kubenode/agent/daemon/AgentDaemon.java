package io.kubenode.agent.daemon;

import io.kubenode.agent.engine.Engine;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.HostWatch;
import io.kubenode.agent.metrics.AgentMetrics;
import io.kubenode.agent.state.CatalogLoader;
import io.kubenode.agent.state.StateDir;
import io.kubenode.common.catalog.CatalogResource;
import io.kubenode.common.catalog.ClusterNodeSpec;
import io.kubenode.common.catalog.DrainSpec;
import io.kubenode.common.catalog.EtcdMemberSpec;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.KubeadmSpec;
import io.kubenode.common.catalog.KubeadmTokenSpec;
import io.kubenode.common.catalog.ManagedBlockSpec;
import io.kubenode.common.catalog.ManifestSpec;
import io.kubenode.common.catalog.ServiceSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.cluster.OsFamily;
import io.kubenode.common.validation.Problem;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The agent's loop: enforce the catalog, again on a jittered interval, and at once when the catalog changes or a
 * managed file is changed behind its back. A refused new catalog leaves the last good one in force; with no
 * catalog source answering, the cached catalog is enforced.
 */
public final class AgentDaemon {
    private static final System.Logger LOG = System.getLogger(AgentDaemon.class.getName());

    private final Function<OsFamily, Engine> engines;
    private final Host host;
    private final Host machine;
    private final StateDir state;
    private final CatalogSource source;
    private final AgentMetrics metrics;
    /**
     * How soon a pass that started a component (kubeadm, token, manifest), drained a node, deleted a Node object or
     * removed an etcd member, or started or restarted a service is followed by one that observes it.
     */
    static final Duration CONFIRMATION_DELAY = Duration.ofSeconds(2);
    private static final Set<String> CONFIRMED_TYPES = Set.of(KubeadmSpec.TYPE, KubeadmTokenSpec.TYPE,
            ManifestSpec.TYPE, DrainSpec.TYPE, ClusterNodeSpec.TYPE, EtcdMemberSpec.TYPE, ServiceSpec.TYPE);
    private final PassSchedule schedule;
    private final Clock clock;
    private final RandomGenerator random;
    private final PassListener listener;
    private final InterimStatus interim;
    private final DriftTracker drift = new DriftTracker();
    /** Set by the catalog source from its own thread when it has a new catalog; cleared when the wait ends. */
    private final AtomicBoolean wokenUp = new AtomicBoolean();
    /** Set by {@link #stop()} (SIGTERM) from the signal's thread; never cleared. */
    private final AtomicBoolean stopping = new AtomicBoolean();
    /** One engine per OS family for the daemon's life: handlers may keep what they learnt between passes. */
    private final Map<OsFamily, Engine> engineByFamily = new EnumMap<>(OsFamily.class);
    private NodeCatalog catalog;
    /** Passes in a row that ended with a resource failed or not ready: the next one backs off from the minimum. */
    private int consecutiveUnsettled;

    /** {@code host}: what is managed (a sandbox root or the machine); {@code machine}: where the source files are. */
    public AgentDaemon(Function<OsFamily, Engine> engines, Host host, Host machine, StateDir state, CatalogSource source,
                       AgentMetrics metrics, PassSchedule schedule, Clock clock, RandomGenerator random) {
        this(engines, host, machine, state, source, metrics, schedule, clock, random, PassListener.NONE);
    }

    /** As above, telling {@code listener} about every pass (the controller's status reporter). */
    public AgentDaemon(Function<OsFamily, Engine> engines, Host host, Host machine, StateDir state,
                       CatalogSource source, AgentMetrics metrics, PassSchedule schedule, Clock clock,
                       RandomGenerator random, PassListener listener) {
        this(engines, host, machine, state, source, metrics, schedule, clock, random, listener,
                InterimStatus.DEFAULT_EVERY);
    }

    /**
     * As above, telling {@code listener} every {@code interimStatusEvery} that a resource's apply still runs (a
     * kubeadm step). The pass is sequential: the other resources wait for that apply, which its own timeout bounds
     * (the step is killed and reported failed after it), so drift correction is held up for at most that long.
     */
    public AgentDaemon(Function<OsFamily, Engine> engines, Host host, Host machine, StateDir state,
                       CatalogSource source, AgentMetrics metrics, PassSchedule schedule, Clock clock,
                       RandomGenerator random, PassListener listener, Duration interimStatusEvery) {
        this.listener = listener;
        this.interim = new InterimStatus(listener, clock, interimStatusEvery);
        this.engines = engines;
        this.host = host;
        this.machine = machine;
        this.state = state;
        this.source = source;
        this.metrics = metrics;
        this.schedule = schedule;
        this.clock = clock;
        this.random = random;
    }

    /** Runs until {@link #stop()} (returning after the resource in hand) or until the thread is interrupted. */
    public void run() throws InterruptedException {
        restoreCachedCatalog();
        source.onNewCatalog(this::wakeUp);
        while (!stopping.get() && !Thread.currentThread().isInterrupted()) {
            // Watching starts before reading: a catalog file read half-written (truncated, not yet filled) is
            // refused, and the rest of its write must wake the next pass. Managed files are watched before the
            // pass, so a change made right after it is not missed; the pass's own writes are drained from that
            // watch.
            try (HostWatch sources = watch(machine, source.watchedPaths())) {
                refreshCatalog();
                try (HostWatch managed = watch(host, managedFiles())) {
                    passAndWait(managed, sources);
                }
            }
        }
    }

    private void passAndWait(HostWatch managed, HostWatch sources) throws InterruptedException {
        Optional<Report> report = applyCatalog();
        Set<String> external = new TreeSet<>(managed.changes(Duration.ZERO));
        report.ifPresent(done -> external.removeAll(writtenBy(done)));
        // A pass that created the directories of files it could not watch yet is followed at once by a pass whose
        // watch covers them.
        boolean watchGap = !managed.complete() && report.filter(done -> !done.changes().isEmpty()).isPresent();
        if (external.isEmpty() && !watchGap) {
            awaitNextPass(managed, sources, report.filter(AgentDaemon::startedAComponent).isPresent()
                    ? CONFIRMATION_DELAY : schedule.next(consecutiveUnsettled, random));
        }
    }

    /**
     * A pass that ran a kubeadm step, a token, a manifest apply, a drain, a node deletion or an etcd member removal
     * changed something only the next observation can judge (the component answering, the pods gone, the member
     * gone); one that started or restarted a service did so after its probes looked (notified restarts come last).
     * The controller's orchestrator and rollouts wait for that next pass's in_sync before they release anything more,
     * so it comes after {@link #CONFIRMATION_DELAY}, not after the whole interval.
     */
    private static boolean startedAComponent(Report report) {
        return report.resources().stream().anyMatch(resource -> resource.state().equals("changed")
                && CONFIRMED_TYPES.contains(resource.type()));
    }

    /** Ends the current wait for the next pass at once (a new catalog is ready); callable from any thread. */
    public void wakeUp() {
        wokenUp.set(true);
    }

    /**
     * Ends {@link #run()} without interrupting anything: a pass under way finishes the resource in hand (its
     * command is not killed), tries no other, restarts the services it notified, and is reported; a wait ends at
     * once. Callable from any thread (the SIGTERM handler's).
     */
    public void stop() {
        stopping.set(true);
    }

    /** One pass: pick up a new catalog if there is one, apply the one in force. Empty without any catalog. */
    public Optional<Report> passOnce() {
        refreshCatalog();
        return applyCatalog();
    }

    private Optional<Report> applyCatalog() {
        if (catalog == null) {
            return Optional.empty();
        }
        Report report = engineByFamily.computeIfAbsent(catalog.spec().osFamily(), engines).apply(catalog, host,
                interim, stopping::get);
        metrics.recordPass(report, drift.drifted(report), clock.instant());
        // not ready is a component still starting: looked at again soon like a failure, not after the interval
        consecutiveUnsettled = report.failed() || report.notReady() ? consecutiveUnsettled + 1 : 0;
        try {
            state.saveReport(report);
        } catch (HostException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot save the report: " + e.getMessage());
        }
        LOG.log(System.Logger.Level.INFO, "pass over generation " + report.generation() + ": " + report.counts()
                + " in " + report.durationMillis() + " ms");
        tell(report);
        return Optional.of(report);
    }

    /** A listener's failure is logged, never the pass's. */
    private void tell(Report report) {
        try {
            listener.passCompleted(report);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "pass listener failed: " + e);
        }
    }

    private void restoreCachedCatalog() {
        try {
            Optional<CatalogLoader.Loaded> cached = state.loadCatalog();
            if (cached.isPresent() && cached.get().ok()) {
                catalog = cached.get().catalog();
            } else if (cached.isPresent()) {
                LOG.log(System.Logger.Level.WARNING, "cached catalog refused: " + render(cached.get().problems()));
            }
        } catch (HostException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read the cached catalog: " + e.getMessage());
        }
    }

    private void refreshCatalog() {
        Optional<CatalogLoader.Loaded> fresh = source.poll();
        if (fresh.isEmpty()) {
            return;
        }
        if (!fresh.get().ok()) {
            LOG.log(System.Logger.Level.WARNING, "new catalog refused, keeping the one in force: "
                    + render(fresh.get().problems()));
            return;
        }
        catalog = fresh.get().catalog();
        if (source.cachesCatalogs()) {
            return;
        }
        try {
            state.saveCatalog(catalog);
        } catch (HostException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot cache the catalog: " + e.getMessage());
        }
    }

    /**
     * Until the jittered interval (or backoff) ends, a managed file is changed, the catalog source's files change or
     * the source wakes the daemon (a wake-up during the pass counts too: it is only cleared here).
     */
    private void awaitNextPass(HostWatch managed, HostWatch sources, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        // One thread polls both watches in short slices: no busy loop, a reaction within 100 ms.
        while (System.nanoTime() < deadline) {
            Duration slice = Duration.ofNanos(Math.max(1, Math.min(100_000_000L, deadline - System.nanoTime())));
            if (stopping.get() || wokenUp.getAndSet(false) || !sources.changes(Duration.ZERO).isEmpty()
                    || !managed.changes(slice).isEmpty()) {
                return;
            }
        }
    }

    private static HostWatch watch(Host on, List<String> paths) {
        try {
            return on.watch(paths);
        } catch (HostException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot watch " + paths + ", relying on the interval: "
                    + e.getMessage());
            return new HostWatch() {
                @Override
                public Set<String> changes(Duration timeout) throws InterruptedException {
                    Thread.sleep(timeout.toMillis());
                    return Set.of();
                }

                @Override
                public boolean complete() {
                    return false;
                }

                @Override
                public void close() {
                }
            };
        }
    }

    /** Host paths of the files and blocks the pass changed: their watch events are the agent's own. */
    private List<String> writtenBy(Report report) {
        List<String> written = new ArrayList<>();
        report.resources().stream().filter(resource -> resource.state().equals("changed"))
                .filter(resource -> resource.type().equals(FileSpec.TYPE)
                        || resource.type().equals(ManagedBlockSpec.TYPE))
                .forEach(resource -> written.add(resource.id().substring(resource.id().indexOf(':') + 1)));
        return written;
    }

    private List<String> managedFiles() {
        List<String> paths = new ArrayList<>();
        if (catalog != null) {
            for (CatalogResource resource : catalog.spec().resources()) {
                if (resource.spec() instanceof FileSpec file) {
                    paths.add(file.path());
                } else if (resource.spec() instanceof ManagedBlockSpec block) {
                    paths.add(block.path());
                }
            }
        }
        return paths;
    }

    private static String render(List<Problem> problems) {
        return String.join("; ", problems.stream().map(Problem::render).toList());
    }
}
