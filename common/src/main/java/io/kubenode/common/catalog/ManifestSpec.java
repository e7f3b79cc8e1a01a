package io.kubenode.common.catalog;

/**
 * Kubernetes objects applied with {@code kubectl --kubeconfig KUBECONFIG apply --server-side --force-conflicts -f
 * FILE} (the CNI manifest after init). In sync when {@code kubectl diff --server-side -f FILE} finds no difference
 * (exit 0); not ready while the API does not answer. {@code file} is a host path written by another resource.
 */
public record ManifestSpec(String name, String file, String kubeconfig, int timeoutSeconds) implements ResourceSpec {

    public static final String TYPE = "manifest";

    @Override
    public String type() {
        return TYPE;
    }
}
