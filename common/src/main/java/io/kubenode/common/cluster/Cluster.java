package io.kubenode.common.cluster;

/**
 * The admin-written desired state of one cluster ({@code apiVersion: kubenode.io/v1alpha1, kind: Cluster}).
 * Shape is fixed by DESIGN.md; fields may be added, never renamed. Unset fields mean "not managed"
 * unless the validator says they are required.
 */
public record Cluster(String apiVersion, String kind, ObjectMeta metadata, ClusterSpec spec) {
    public static final String API_VERSION = "kubenode.io/v1alpha1";
    public static final String KIND = "Cluster";
}
