package io.kubenode.common.validation;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.OrchestrationSpec;

/** {@code spec.orchestration}: bounds that keep a bring-up possible and a stuck step from waiting for ever. */
final class OrchestrationRules implements ClusterRule {
    private static final String PATH = "spec.orchestration";

    @Override
    public void check(Cluster cluster, Problems problems) {
        OrchestrationSpec orchestration = cluster.spec().orchestration();
        if (orchestration == null) {
            return;
        }
        range(problems, PATH + ".maxParallelJoins", orchestration.maxParallelJoins(), 1, 100, "");
        // kubeadm itself waits up to 4 min for the kubelet and 4 more for the control plane.
        range(problems, PATH + ".kubeadmTimeoutSeconds", orchestration.kubeadmTimeoutSeconds(), 60, 3600,
                " seconds");
        // Refreshed every third of the ttl: under 3 min a refresh could not reach the node in time.
        range(problems, PATH + ".tokenTtlSeconds", orchestration.tokenTtlSeconds(), 180, 86400, " seconds");
    }

    private static void range(Problems problems, String path, Integer value, int min, int max, String unit) {
        if (value != null && (value < min || value > max)) {
            problems.error(path, "expected " + min + ".." + max + unit + ", got " + value);
        }
    }
}
