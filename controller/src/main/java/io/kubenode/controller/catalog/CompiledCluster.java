package io.kubenode.controller.catalog;

import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.cluster.Cluster;
import io.kubenode.controller.store.CatalogRecord;

import java.util.List;

/** A valid cluster document and the catalogs compiled from it, ready to be stored together. */
public record CompiledCluster(Cluster cluster, List<NodeCatalog> catalogs) {

    public CompiledCluster {
        catalogs = List.copyOf(catalogs);
    }

    /** What the store records per node: the content hash that decides whether its generation moves. */
    public List<CatalogRecord> records() {
        return catalogs.stream().map(catalog -> new CatalogRecord(catalog.metadata().node(),
                catalog.metadata().contentHash())).toList();
    }
}
