package io.kubenode.controller.catalog;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.controller.rollout.RolloutRecord;
import io.kubenode.controller.rollout.RolloutStart;
import io.kubenode.common.document.DocumentReader;
import io.kubenode.common.document.ReadResult;
import io.kubenode.common.validation.Problem;
import io.kubenode.controller.compiler.CatalogCompiler;
import io.kubenode.controller.compiler.InvalidClusterException;
import io.kubenode.controller.compiler.SerializedCatalog;
import io.kubenode.controller.compiler.orchestration.CompileOrchestration;
import io.kubenode.controller.compiler.orchestration.OrchestrationSecretSource;
import io.kubenode.controller.orchestration.OrchestrationEvent;
import io.kubenode.controller.orchestration.Departure;
import io.kubenode.controller.orchestration.DepartureStart;
import io.kubenode.controller.orchestration.OrchestrationRecord;
import io.kubenode.controller.store.CatalogRecord;
import io.kubenode.controller.store.ClusterPut;
import io.kubenode.controller.store.ClusterRevision;
import io.kubenode.controller.store.NodeGeneration;
import io.kubenode.controller.store.OrchestrationWrite;
import io.kubenode.controller.store.Store;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The cluster document in force, the orchestration record in force, and what they compile to: checks a submitted
 * document (read, validate, compile, so a document that cannot compile is refused like an invalid one), and publishes
 * each node's catalog to the {@link CatalogWatches} once the store has given it a generation. A catalog is a function
 * of both inputs, so every path that compiles and records catalogs (a cluster PUT, the start, an orchestration
 * decision) runs under one lock: none records catalogs compiled from a record or document another has replaced
 * meanwhile. Blocking (parsing, compiling, store writes): run on a worker.
 */
public final class ClusterCatalogs {
    private static final System.Logger LOG = System.getLogger(ClusterCatalogs.class.getName());
    private final CatalogCompiler compiler;
    private final CatalogWatches watches;
    private final OrchestrationSecretSource secrets;
    private final Predicate<String> reported;
    private final Clock clock;
    private final ReentrantLock recording = new ReentrantLock();
    private final List<Runnable> revisionListeners = new CopyOnWriteArrayList<>();
    /** Orders publishing: one revision at a time, never an older after a newer. */
    private final Object publishing = new Object();
    private long publishedVersion;
    private Cluster current;
    private OrchestrationRecord orchestration;
    /** Each node's catalog spec as published (guarded by {@code publishing}): what a rollout compares against. */
    private final Map<String, NodeCatalog.Spec> publishedSpecs = new HashMap<>();
    /** Older revisions' documents that held nodes are compiled from, by resourceVersion (guarded by this). */
    private final Map<Long, Cluster> heldDocuments = new HashMap<>();

    /** Without orchestration secrets: a record that releases a step needing one does not compile. */
    public ClusterCatalogs(CatalogCompiler compiler, CatalogWatches watches) {
        this(compiler, watches, OrchestrationSecretSource.NONE);
    }

    /**
     * Without rollouts: no node counts as running an agent, so every revision reaches every node at once (for use
     * without an orchestration loop, which alone moves a rollout on).
     */
    public ClusterCatalogs(CatalogCompiler compiler, CatalogWatches watches, OrchestrationSecretSource secrets) {
        this(compiler, watches, secrets, node -> false, Clock.systemUTC());
    }

    /**
     * {@code reported}: whether a node's agent has ever reported (a node whose agent never ran has nothing a change
     * could interrupt, so a rollout never holds it).
     */
    public ClusterCatalogs(CatalogCompiler compiler, CatalogWatches watches, OrchestrationSecretSource secrets,
                           Predicate<String> reported, Clock clock) {
        this.compiler = compiler;
        this.watches = watches;
        this.secrets = secrets;
        this.reported = reported;
        this.clock = clock;
    }

    /** The outcome of checking a submitted document. */
    public sealed interface Checked {
        record Valid(CompiledCluster compiled) implements Checked {
        }

        /** "path: message" lines. */
        record Invalid(List<String> problems) implements Checked {
        }
    }

    /** Reads, validates and compiles a document with the orchestration record in force. */
    public Checked check(byte[] document) {
        ReadResult<Cluster> read = DocumentReader.read(document, Cluster.class);
        if (read instanceof ReadResult.Unreadable<Cluster> unreadable) {
            return new Checked.Invalid(unreadable.problems().stream().map(Problem::render).toList());
        }
        Cluster cluster = ((ReadResult.Read<Cluster>) read).value();
        try {
            return new Checked.Valid(compile(cluster, orchestration().orElse(null)));
        } catch (InvalidClusterException e) {
            return new Checked.Invalid(e.errors().stream().map(Problem::render).toList());
        }
    }

    private CompiledCluster compile(Cluster cluster, OrchestrationRecord record) {
        return new CompiledCluster(cluster, compiler.compileAllSerialized(cluster, compileWith(record)), record);
    }

    private CompileOrchestration compileWith(OrchestrationRecord record) {
        return record == null ? CompileOrchestration.NONE
                : new CompileOrchestration(record, secrets.secretsFor(record));
    }

    /**
     * Stores a checked document as the next revision with its catalogs in one transaction and publishes them. If the
     * orchestrator recorded a new decision since {@code compiled} was checked, the document is compiled again with it
     * first (and may then be refused: {@link InvalidClusterException}).
     */
    public Put put(Store store, String text, long expectedVersion, String who, String summary,
                   CompiledCluster compiled) {
        return put(store, text, expectedVersion, who, summary, compiled, false);
    }

    /**
     * As above; {@code allAtOnce}: the emergency path, every node gets the revision now, none is held for a rollout
     * (the caller puts it in the audit summary).
     */
    public Put put(Store store, String text, long expectedVersion, String who, String summary,
                   CompiledCluster compiled, boolean allAtOnce) {
        Put put;
        recording.lock();
        try {
            OrchestrationRecord inForce = orchestration().orElse(null);
            CompiledCluster current = Objects.equals(compiled.orchestration(), inForce) ? compiled
                    : compile(compiled.cluster(), inForce);
            OrchestrationRecord next = withRollout(inForce, current, expectedVersion + 1, allAtOnce);
            String fullSummary = summary;
            // Control planes whose drains or departure steps the new record changes: compiled again with it, once.
            Set<String> recompile = new TreeSet<>();
            if (next != null) {
                recompile.addAll(RolloutRecord.executorsWhoseDrainsDiffer(inForce == null ? null : inForce.rollout(),
                        next.rollout()));
                fullSummary += RolloutStart.describe(next.rollout());
            }
            Map<String, Departure> departures = DepartureStart.of(inForce, current().orElse(null),
                    current.cluster(), expectedVersion, clock.instant().toString());
            if (!departures.isEmpty()) {
                next = (next != null ? next : inForce).withDepartures(departures);
                recompile.addAll(Departure.nodesWhoseDeparturesDiffer(inForce.departures(), departures));
                fullSummary += DepartureStart.describe(inForce.departures(), departures);
            }
            if (next != null) {
                current = withDepartingNodes(store, withHeldNodes(store, current, next, recompile), next);
            }
            long started = System.nanoTime();
            ClusterPut result = store.putCluster(text, expectedVersion, who, fullSummary, current.records(), next);
            long stored = System.nanoTime();
            if (result instanceof ClusterPut.Stored kept) {
                if (next != null) {
                    inForce(next);
                }
                published(current, kept);
            }
            put = new Put(result, stored - started, System.nanoTime() - stored);
        } finally {
            recording.unlock();
        }
        if (put.result() instanceof ClusterPut.Stored) {
            revisionListeners.forEach(Runnable::run);
        }
        return put;
    }

    /**
     * The record to store with a new revision: the one in force with the revision's rollout, or null for the first
     * revision (nothing is served yet, so nothing can be interrupted).
     */
    private OrchestrationRecord withRollout(OrchestrationRecord inForce, CompiledCluster compiled, long revision,
                                            boolean allAtOnce) {
        Map<String, NodeCatalog.Spec> published;
        long fromRevision;
        synchronized (publishing) {
            published = Map.copyOf(publishedSpecs);
            fromRevision = publishedVersion;
        }
        if (published.isEmpty()) {
            return null;
        }
        Map<String, NodeCatalog.Spec> next = compiled.catalogs().stream()
                .collect(Collectors.toMap(each -> each.metadata().node(), NodeCatalog::spec));
        String now = clock.instant().toString();
        OrchestrationRecord base = inForce != null ? inForce : OrchestrationRecord.empty(now);
        return base.withRollout(RolloutStart.of(compiled.cluster(), revision, fromRevision, next, published,
                base.rollout(), reported, allAtOnce, now));
    }

    /**
     * The compiled revision with each node the record's rollout holds compiled from the revision it holds, and the
     * nodes in {@code alsoRecompile} (whose drains the record changes) compiled again with the record.
     */
    private CompiledCluster withHeldNodes(Store store, CompiledCluster compiled, OrchestrationRecord record,
                                          Set<String> alsoRecompile) {
        Set<String> held = compiled.catalogs().stream().map(each -> each.metadata().node())
                .filter(node -> RolloutRecord.heldRevision(record.rollout(), node) != null
                        || alsoRecompile.contains(node))
                .collect(Collectors.toSet());
        if (held.isEmpty()) {
            return compiled;
        }
        Map<String, SerializedCatalog> heldCatalogs = compileNodes(store, compiled.cluster(), held, record).stream()
                .collect(Collectors.toMap(each -> each.catalog().metadata().node(), each -> each));
        List<SerializedCatalog> merged = compiled.serialized().stream()
                .map(each -> heldCatalogs.getOrDefault(each.catalog().metadata().node(), each)).toList();
        return new CompiledCluster(compiled.cluster(), merged, record);
    }

    /**
     * The compiled revision plus the catalogs of the nodes {@code record} has leaving the cluster (not in the
     * document any more), each compiled from the last revision that named it: they stay published until they have
     * left.
     */
    private CompiledCluster withDepartingNodes(Store store, CompiledCluster compiled, OrchestrationRecord record) {
        Set<String> departing = new TreeSet<>(record.departures().keySet());
        compiled.serialized().forEach(each -> departing.remove(each.catalog().metadata().node()));
        if (departing.isEmpty()) {
            return compiled;
        }
        List<SerializedCatalog> all = new ArrayList<>(compiled.serialized());
        all.addAll(compileNodes(store, compiled.cluster(), departing, record));
        return new CompiledCluster(compiled.cluster(), all, record);
    }

    /** The revision whose document {@code node} is compiled from while {@code record} is in force; null: in force. */
    private static Long documentRevision(OrchestrationRecord record, String node) {
        Departure departure = record.departure(node);
        return departure != null ? Long.valueOf(departure.revision())
                : RolloutRecord.heldRevision(record.rollout(), node);
    }

    /**
     * Compiles {@code nodes} with {@code record}: each from the document of the revision the record's rollout holds
     * it on (or the last that named it, for a departing node), the others from {@code cluster} (the revision in
     * force).
     */
    private List<SerializedCatalog> compileNodes(Store store, Cluster cluster, Set<String> nodes,
                                                 OrchestrationRecord record) {
        Map<Long, Set<String>> byHeld = new TreeMap<>();
        Set<String> fromCurrent = new TreeSet<>();
        for (String node : nodes) {
            Long held = documentRevision(record, node);
            if (held == null) {
                fromCurrent.add(node);
            } else {
                byHeld.computeIfAbsent(held, key -> new TreeSet<>()).add(node);
            }
        }
        List<SerializedCatalog> compiled = new ArrayList<>();
        for (Map.Entry<Long, Set<String>> each : byHeld.entrySet()) {
            Cluster document = heldDocument(store, each.getKey());
            List<SerializedCatalog> held = compiler.compileSerialized(document, each.getValue(), compileWith(record));
            compiled.addAll(held);
            // A node the held revision does not name (cannot happen: a held node had a catalog from it) is compiled
            // from the revision in force rather than left without a catalog.
            Set<String> missing = new TreeSet<>(each.getValue());
            held.forEach(catalog -> missing.remove(catalog.catalog().metadata().node()));
            fromCurrent.addAll(missing);
        }
        if (!fromCurrent.isEmpty()) {
            compiled.addAll(compiler.compileSerialized(cluster, fromCurrent, compileWith(record)));
        }
        return compiled;
    }

    /** The document of an older revision a rollout holds nodes on (read once, then kept while it is held). */
    private synchronized Cluster heldDocument(Store store, long revision) {
        Cluster cached = heldDocuments.get(revision);
        if (cached != null) {
            return cached;
        }
        ClusterRevision stored = store.clusterRevision(revision).orElseThrow(() -> new IllegalStateException(
                "the rollout holds nodes on cluster revision " + revision + ", which the store does not have"));
        ReadResult<Cluster> read = DocumentReader.read(stored.text().getBytes(StandardCharsets.UTF_8), Cluster.class);
        if (!(read instanceof ReadResult.Read<Cluster> document)) {
            throw new IllegalStateException("cluster revision " + revision + ", which the rollout holds nodes on, no "
                    + "longer reads as a cluster document");
        }
        heldDocuments.keySet().removeIf(version -> orchestration == null
                || (orchestration.rollout() == null || orchestration.rollout().nodes().values().stream()
                .noneMatch(node -> version.equals(node.heldRevision())))
                && orchestration.departures().values().stream().noneMatch(each -> each.revision() == version));
        heldDocuments.put(revision, document.value());
        return document.value();
    }

    /** A put's outcome, and where its time went (for the operator's log line). */
    public record Put(ClusterPut result, long storeNanos, long publishNanos) {
    }

    /** After the store kept a revision: the new document is in force and every node's catalog is published. */
    public void published(CompiledCluster compiled, ClusterPut.Stored stored) {
        Map<String, Long> generations = stored.generations().stream()
                .collect(Collectors.toMap(NodeGeneration::nodeName, NodeGeneration::generation));
        publishRevision(compiled, generations, stored.revision().resourceVersion());
    }

    /**
     * At start: compiles the stored document again with the stored orchestration record and publishes it, so a
     * restart serves the catalogs it served before, at the same generations. A newer controller may compile the same
     * inputs differently; then the store gives those nodes a new generation and their agents get the new catalog.
     */
    public void load(Store store) {
        recording.lock();
        try {
            Optional<OrchestrationRecord> record = store.orchestration();
            synchronized (this) {
                orchestration = record.orElse(null);
            }
            Optional<ClusterRevision> revision = store.currentCluster();
            if (revision.isEmpty()) {
                return;
            }
            Checked checked = check(revision.get().text().getBytes(StandardCharsets.UTF_8));
            if (checked instanceof Checked.Invalid invalid) {
                throw new IllegalStateException("the stored cluster document (resourceVersion "
                        + revision.get().resourceVersion() + ") no longer compiles: " + String.join("; ",
                        invalid.problems()));
            }
            CompiledCluster compiled = ((Checked.Valid) checked).compiled();
            if (record.isPresent()) {
                compiled = withDepartingNodes(store, compiled, record.get());
            }
            if (record.isPresent() && record.get().rollout() != null) {
                if (record.get().rollout().revision() == revision.get().resourceVersion()) {
                    compiled = withHeldNodes(store, compiled, record.get(), Set.of());
                } else {
                    LOG.log(System.Logger.Level.WARNING, "the stored rollout is of revision "
                            + record.get().rollout().revision() + ", not of the revision in force ("
                            + revision.get().resourceVersion() + "): no node is held back");
                }
            }
            Map<String, Long> generations = compiled.records().stream().collect(Collectors.toMap(
                    CatalogRecord::nodeName,
                    each -> store.recordCatalog(each.nodeName(), each.contentHash()).generation()));
            publishRevision(compiled, generations, revision.get().resourceVersion());
        } finally {
            recording.unlock();
        }
    }

    /**
     * Runs {@code work} holding the lock every catalog write takes: the orchestrator reads its input, decides and
     * records the decision in one such section, so no cluster PUT slips between what it read and what it writes.
     */
    public <T> T exclusively(Supplier<T> work) {
        recording.lock();
        try {
            return work.get();
        } finally {
            recording.unlock();
        }
    }

    /**
     * Records an orchestration decision (call within {@link #exclusively}): compiles the catalogs of
     * {@code changedNodes} that the document in force has with {@code next}, stores the record with them and the
     * events' audit rows in one transaction, puts the record in force and publishes those catalogs.
     */
    public OrchestrationWrite recordOrchestration(Store store, OrchestrationRecord next, Set<String> changedNodes,
                                                  List<OrchestrationEvent> events) {
        if (!recording.isHeldByCurrentThread()) {
            throw new IllegalStateException("recordOrchestration outside exclusively(...)");
        }
        Optional<Cluster> cluster = current();
        List<SerializedCatalog> compiled = cluster.isEmpty() || changedNodes.isEmpty() ? List.of()
                : compileNodes(store, cluster.get(), changedNodes, next);
        OrchestrationWrite write = store.putOrchestration(next, CompiledCluster.records(compiled), events);
        synchronized (this) {
            orchestration = next;
        }
        Map<String, Long> generations = write.generations().stream()
                .collect(Collectors.toMap(NodeGeneration::nodeName, NodeGeneration::generation));
        synchronized (publishing) {
            compiled.forEach(each -> {
                watches.publish(PublishedCatalog.of(each, generations.get(each.catalog().metadata().node())));
                publishedSpecs.put(each.catalog().metadata().node(), each.catalog().spec());
            });
            if (cluster.isPresent()) {
                withdrawDeparted(cluster.get(), next);
            }
        }
        return write;
    }

    /**
     * Withdraws the catalogs of nodes that have left: neither in the document nor departing. Their agents keep the
     * last catalog they hold (kubeadm reset done, keepalived and haproxy stopped), as after a restart.
     */
    private void withdrawDeparted(Cluster cluster, OrchestrationRecord record) {
        Set<String> keep = new HashSet<>(record.departures().keySet());
        cluster.spec().nodesOrEmpty().forEach(node -> keep.add(node.name()));
        watches.retainOnly(keep);
        publishedSpecs.keySet().retainAll(keep);
    }

    /** Called after every revision put in force (a PUT, or the start); listeners must be quick. */
    public void onRevision(Runnable listener) {
        revisionListeners.add(listener);
    }

    /**
     * Puts a revision in force and publishes its catalogs, withdrawing those of nodes it no longer has. Two PUTs
     * may get here out of order; the older is skipped, as the newer one's generations are at least as high.
     */
    private void publishRevision(CompiledCluster compiled, Map<String, Long> generations, long resourceVersion) {
        synchronized (publishing) {
            if (resourceVersion <= publishedVersion) {
                return;
            }
            publishedVersion = resourceVersion;
            inForce(compiled.cluster());
            compiled.serialized().parallelStream()
                    .map(each -> PublishedCatalog.of(each, generations.get(each.catalog().metadata().node())))
                    .forEach(watches::publish);
            watches.retainOnly(generations.keySet());
            publishedSpecs.clear();
            compiled.serialized().forEach(each -> publishedSpecs.put(each.catalog().metadata().node(),
                    each.catalog().spec()));
        }
    }

    /** See {@link OrchestrationSecretSource#prepare()}. Blocking. */
    public void prepareSecrets() {
        secrets.prepare();
    }

    /** The document in force, if any. */
    public synchronized Optional<Cluster> current() {
        return Optional.ofNullable(current);
    }

    /** The orchestration record in force (the last one stored), if the orchestrator decided anything yet. */
    public synchronized Optional<OrchestrationRecord> orchestration() {
        return Optional.ofNullable(orchestration);
    }

    private synchronized void inForce(Cluster cluster) {
        current = cluster;
    }

    private synchronized void inForce(OrchestrationRecord record) {
        orchestration = record;
    }

    /** The resourceVersion of the revision in force (0: none). */
    public long revisionInForce() {
        synchronized (publishing) {
            return publishedVersion;
        }
    }

    public CatalogWatches watches() {
        return watches;
    }
}
