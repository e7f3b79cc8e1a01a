package io.kubenode.controller.orchestration.preflight;

import java.util.Objects;

/**
 * One failed check: the node (null for a cluster-wide check), the check, the fact it saw and what it expected.
 * {@code permanent} means retrying cannot fix it (a duplicate identity, too small a control plane, a document
 * that does not ask for what the cluster needs): the orchestrator stops there with the reason. A transient
 * failure is one host preparation may still fix (swap, modules, sysctls, containerd not answering yet).
 */
public record PreflightFailure(String node, PreflightCheck check, String saw, String expected, boolean permanent) {
    public static final String CLUSTER = "cluster";

    public PreflightFailure {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(saw, "saw");
        Objects.requireNonNull(expected, "expected");
    }

    static PreflightFailure permanent(String node, PreflightCheck check, String saw, String expected) {
        return new PreflightFailure(node, check, saw, expected, true);
    }

    static PreflightFailure transientFailure(String node, PreflightCheck check, String saw, String expected) {
        return new PreflightFailure(node, check, saw, expected, false);
    }

    public boolean clusterWide() {
        return node == null;
    }

    /** {@code node4.internal: UniqueProductUUID: product_uuid 4c4c… is also node5.internal's; expected …}. */
    public String message() {
        return (clusterWide() ? CLUSTER : node) + ": " + check.id() + ": " + saw + "; expected " + expected;
    }
}
