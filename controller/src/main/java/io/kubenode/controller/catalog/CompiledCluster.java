package io.kubenode.controller.catalog;

import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.cluster.Cluster;
import io.kubenode.controller.compiler.SerializedCatalog;
import io.kubenode.controller.orchestration.OrchestrationRecord;
import io.kubenode.controller.store.CatalogRecord;

import java.util.List;

/**
 * A valid cluster document and the catalogs compiled from it, ready to be stored together. {@code orchestration}: the
 * orchestration record they were compiled with (null: none, nothing released), so that storing can tell whether the
 * orchestrator moved on meanwhile and the catalogs must be compiled again.
 */
public record CompiledCluster(Cluster cluster, List<SerializedCatalog> serialized, OrchestrationRecord orchestration) {

    public CompiledCluster {
        serialized = List.copyOf(serialized);
    }

    /** Compiled without orchestration: host preparation only. */
    public CompiledCluster(Cluster cluster, List<SerializedCatalog> serialized) {
        this(cluster, serialized, null);
    }

    public List<NodeCatalog> catalogs() {
        return serialized.stream().map(SerializedCatalog::catalog).toList();
    }

    /** What the store records per node: the content hash that decides whether its generation moves. */
    public List<CatalogRecord> records() {
        return records(serialized);
    }

    public static List<CatalogRecord> records(List<SerializedCatalog> serialized) {
        return serialized.stream().map(each -> new CatalogRecord(each.catalog().metadata().node(),
                each.catalog().metadata().contentHash())).toList();
    }
}
