package io.kubenode.controller.catalog;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.document.DocumentReader;
import io.kubenode.common.document.ReadResult;
import io.kubenode.common.validation.Problem;
import io.kubenode.controller.compiler.CatalogCompiler;
import io.kubenode.controller.compiler.InvalidClusterException;
import io.kubenode.controller.store.CatalogRecord;
import io.kubenode.controller.store.ClusterPut;
import io.kubenode.controller.store.ClusterRevision;
import io.kubenode.controller.store.NodeGeneration;
import io.kubenode.controller.store.Store;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The cluster document in force and what it compiles to: checks a submitted document (read, validate, compile, so
 * a document that cannot compile is refused like an invalid one), and publishes each node's catalog to the
 * {@link CatalogWatches} once the store has given it a generation. Blocking (parsing, compiling): run on a worker.
 */
public final class ClusterCatalogs {
    private final CatalogCompiler compiler;
    private final CatalogWatches watches;
    /** Orders publishing: one revision at a time, never an older after a newer. */
    private final Object publishing = new Object();
    private long publishedVersion;
    private Cluster current;

    public ClusterCatalogs(CatalogCompiler compiler, CatalogWatches watches) {
        this.compiler = compiler;
        this.watches = watches;
    }

    /** The outcome of checking a submitted document. */
    public sealed interface Checked {
        record Valid(CompiledCluster compiled) implements Checked {
        }

        /** "path: message" lines. */
        record Invalid(List<String> problems) implements Checked {
        }
    }

    public Checked check(byte[] document) {
        ReadResult<Cluster> read = DocumentReader.read(document, Cluster.class);
        if (read instanceof ReadResult.Unreadable<Cluster> unreadable) {
            return new Checked.Invalid(unreadable.problems().stream().map(Problem::render).toList());
        }
        Cluster cluster = ((ReadResult.Read<Cluster>) read).value();
        try {
            return new Checked.Valid(new CompiledCluster(cluster, compiler.compileAllSerialized(cluster)));
        } catch (InvalidClusterException e) {
            return new Checked.Invalid(e.errors().stream().map(Problem::render).toList());
        }
    }

    /** After the store kept a revision: the new document is in force and every node's catalog is published. */
    public void published(CompiledCluster compiled, ClusterPut.Stored stored) {
        Map<String, Long> generations = stored.generations().stream()
                .collect(Collectors.toMap(NodeGeneration::nodeName, NodeGeneration::generation));
        publishRevision(compiled, generations, stored.revision().resourceVersion());
    }

    /**
     * At start: compiles the stored document again and publishes it. A newer controller may compile the same
     * document differently; then the store gives those nodes a new generation and their agents get the new catalog.
     */
    public void load(Store store) {
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
        Map<String, Long> generations = compiled.records().stream().collect(Collectors.toMap(CatalogRecord::nodeName,
                record -> store.recordCatalog(record.nodeName(), record.contentHash()).generation()));
        publishRevision(compiled, generations, revision.get().resourceVersion());
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

    /** The document in force, if any. */
    public synchronized Optional<Cluster> current() {
        return Optional.ofNullable(current);
    }

    private synchronized void inForce(Cluster cluster) {
        current = cluster;
    }

    public CatalogWatches watches() {
        return watches;
    }
}
