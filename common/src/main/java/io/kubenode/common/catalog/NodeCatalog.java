package io.kubenode.common.catalog;

import io.kubenode.common.cluster.OsFamily;

import java.util.List;

/**
 * What one node must look like, compiled by the controller and never edited by hand: an ordered list of
 * typed resources with stable ids, dependsOn and notify edges. {@code generation} is assigned by the
 * controller's store and moves only when {@code contentHash} does; an offline compile leaves it at 0.
 */
public record NodeCatalog(String apiVersion, String kind, Metadata metadata, Spec spec) {

    public static final String API_VERSION = "kubenode.io/v1alpha1";
    public static final String KIND = "NodeCatalog";

    public static NodeCatalog of(String cluster, String node, long generation, Spec spec) {
        return new NodeCatalog(API_VERSION, KIND, new Metadata(cluster, node, generation, CatalogHash.of(spec)), spec);
    }

    public NodeCatalog withGeneration(long generation) {
        return new NodeCatalog(apiVersion, kind,
                new Metadata(metadata.cluster(), metadata.node(), generation, metadata.contentHash()), spec);
    }

    public record Metadata(String cluster, String node, long generation, String contentHash) {
    }

    public record Spec(String role, OsFamily osFamily, List<CatalogResource> resources) {
        public Spec {
            resources = List.copyOf(resources);
        }
    }
}
