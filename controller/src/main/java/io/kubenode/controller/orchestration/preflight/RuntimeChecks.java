package io.kubenode.controller.orchestration.preflight;

import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.ProbeSpec;
import io.kubenode.common.status.ResourceStatus;
import io.kubenode.controller.compiler.runtime.ContainerRuntimeBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * containerd's CRI answering (the outcome of the catalog's CRI probe in the node's last pass) and the cgroup driver
 * of containerd equal to the kubelet's: a mismatch makes control-plane pods restart in a loop, and kubeadm does not
 * check it. Without spec.containerRuntime nothing on the node says either, which retrying cannot change: permanent.
 */
final class RuntimeChecks {
    private RuntimeChecks() {
    }

    static List<PreflightFailure> criAnswering(NodeInput input) {
        String expected = "containerd's CRI answering on " + ContainerRuntimeBuilder.SOCKET;
        if (!input.containerdManaged()) {
            return List.of(PreflightFailure.permanent(input.name(), PreflightCheck.CRI_ANSWERING,
                    "no CRI probe in the node's catalog (spec.containerRuntime.containerd is not set)", expected));
        }
        return input.converged(PreflightCheck.CRI_ANSWERING, ProbeSpec.TYPE, ContainerRuntimeBuilder.CRI_PROBE,
                expected);
    }

    /**
     * containerd's driver: the one the controller rendered when the node's config.toml resource is in sync in the
     * last pass (fresher than facts), else the facts' reading of the file. The kubelet's: the facts' reading of
     * /var/lib/kubelet/config.yaml when kubeadm already wrote one, else the one the controller will give it.
     */
    static List<PreflightFailure> cgroupDriverMatch(NodeInput input) {
        String desired = input.desiredCgroupDriver();
        String expected = "containerd and the kubelet on the same cgroup driver (" + desired + ", from "
                + "spec.containerRuntime.containerd.systemdCgroup)";
        if (!input.containerdManaged()) {
            return List.of(PreflightFailure.permanent(input.name(), PreflightCheck.CGROUP_DRIVER_MATCH,
                    "containerd's configuration is not in the node's catalog "
                            + "(spec.containerRuntime.containerd is not set)", expected));
        }
        Optional<ResourceStatus> config = input.resource(FileSpec.TYPE, ContainerRuntimeBuilder.CONFIG_FILE);
        String containerd = config.isPresent() && input.holds(config.get())
                ? desired : input.facts().containerdCgroupDriver();
        String kubelet = input.facts().kubeletCgroupDriver();
        List<PreflightFailure> failures = new ArrayList<>();
        if (containerd == null) {
            failures.add(mismatch(input, "containerd's cgroup driver is not reported (no "
                    + ContainerRuntimeBuilder.CONFIG_FILE + " yet)", expected));
        } else if (!containerd.equals(desired)) {
            failures.add(mismatch(input, "containerd uses " + containerd + " (" + ContainerRuntimeBuilder.CONFIG_FILE
                    + ") and the kubelet will get " + desired, expected));
        }
        if (kubelet != null && !kubelet.equals(desired)) {
            failures.add(mismatch(input, "the kubelet uses " + kubelet + " (/var/lib/kubelet/config.yaml, left by "
                    + "an earlier kubeadm run), not " + desired, expected));
        }
        return failures;
    }

    /** Host preparation rewrites config.toml, and a reset removes a stale kubelet config: transient. */
    private static PreflightFailure mismatch(NodeInput input, String saw, String expected) {
        return PreflightFailure.transientFailure(input.name(), PreflightCheck.CGROUP_DRIVER_MATCH, saw, expected);
    }
}
