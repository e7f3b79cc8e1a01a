package io.kubenode.controller.catalog;

import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.cluster.Cluster;
import io.kubenode.controller.compiler.SerializedCatalog;
import io.kubenode.controller.store.CatalogRecord;

import java.util.List;

/** A valid cluster document and the catalogs compiled from it, ready to be stored together. */
public record CompiledCluster(Cluster cluster, List<SerializedCatalog> serialized) {

    public CompiledCluster {
        serialized = List.copyOf(serialized);
    }

    public List<NodeCatalog> catalogs() {
        return serialized.stream().map(SerializedCatalog::catalog).toList();
    }

    /** What the store records per node: the content hash that decides whether its generation moves. */
    public List<CatalogRecord> records() {
        return serialized.stream().map(each -> new CatalogRecord(each.catalog().metadata().node(),
                each.catalog().metadata().contentHash())).toList();
    }
}
