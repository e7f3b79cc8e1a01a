package io.kubenode.controller.catalog;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.document.DocumentReader;
import io.kubenode.common.document.ReadResult;
import io.kubenode.common.validation.Problem;
import io.kubenode.controller.compiler.CatalogCompiler;
import io.kubenode.controller.compiler.InvalidClusterException;
import io.kubenode.controller.compiler.SerializedCatalog;
import io.kubenode.controller.compiler.orchestration.CompileOrchestration;
import io.kubenode.controller.compiler.orchestration.OrchestrationSecretSource;
import io.kubenode.controller.orchestration.OrchestrationEvent;
import io.kubenode.controller.orchestration.OrchestrationRecord;
import io.kubenode.controller.store.CatalogRecord;
import io.kubenode.controller.store.ClusterPut;
import io.kubenode.controller.store.ClusterRevision;
import io.kubenode.controller.store.NodeGeneration;
import io.kubenode.controller.store.OrchestrationWrite;
import io.kubenode.controller.store.Store;

import java.nio.charset.StandardCharsets;
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
    private final CatalogCompiler compiler;
    private final CatalogWatches watches;
    private final OrchestrationSecretSource secrets;
    private final ReentrantLock recording = new ReentrantLock();
    private final List<Runnable> revisionListeners = new CopyOnWriteArrayList<>();
    /** Orders publishing: one revision at a time, never an older after a newer. */
    private final Object publishing = new Object();
    private long publishedVersion;
    private Cluster current;
    private OrchestrationRecord orchestration;

    /** Without orchestration secrets: a record that releases a step needing one does not compile. */
    public ClusterCatalogs(CatalogCompiler compiler, CatalogWatches watches) {
        this(compiler, watches, OrchestrationSecretSource.NONE);
    }

    public ClusterCatalogs(CatalogCompiler compiler, CatalogWatches watches, OrchestrationSecretSource secrets) {
        this.compiler = compiler;
        this.watches = watches;
        this.secrets = secrets;
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
            long started = System.nanoTime();
            ClusterPut result = store.putCluster(text, expectedVersion, who, summary, current.records());
            long stored = System.nanoTime();
            if (result instanceof ClusterPut.Stored kept) {
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
                : compiler.compileSerialized(cluster.get(), changedNodes, compileWith(next));
        OrchestrationWrite write = store.putOrchestration(next, CompiledCluster.records(compiled), events);
        synchronized (this) {
            orchestration = next;
        }
        Map<String, Long> generations = write.generations().stream()
                .collect(Collectors.toMap(NodeGeneration::nodeName, NodeGeneration::generation));
        synchronized (publishing) {
            compiled.forEach(each -> watches.publish(PublishedCatalog.of(each,
                    generations.get(each.catalog().metadata().node()))));
        }
        return write;
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

    public CatalogWatches watches() {
        return watches;
    }
}
