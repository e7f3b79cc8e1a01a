package io.kubenode.common.catalog;

/**
 * A Kubernetes node cordoned and drained (or made schedulable again) through this control plane's admin kubeconfig,
 * around a change that restarts the node's kubelet or container runtime. {@code drained} true: in sync when the node
 * is cordoned and no pod {@code kubectl drain} would evict is left on it; otherwise {@code kubectl drain NODE
 * --ignore-daemonsets --delete-emptydir-data --timeout=Ns} runs, and a drain that does not finish in time (a
 * PodDisruptionBudget, a pod without a controller) fails the resource. {@code drained} false: in sync when the node
 * is schedulable; otherwise {@code kubectl uncordon NODE}. {@code node}: the Kubernetes node name.
 */
public record DrainSpec(String node, boolean drained, String kubeconfig, int timeoutSeconds) implements ResourceSpec {

    public static final String TYPE = "drain";
    /** Shortest and longest drain timeout a catalog may ask for. */
    public static final int MIN_TIMEOUT_SECONDS = 30;
    public static final int MAX_TIMEOUT_SECONDS = 3600;

    @Override
    public String type() {
        return TYPE;
    }

    /** The resource id's name part: the node acted on. */
    @Override
    public String name() {
        return node;
    }
}
