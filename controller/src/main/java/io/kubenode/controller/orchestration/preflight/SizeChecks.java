package io.kubenode.controller.orchestration.preflight;

import io.kubenode.common.catalog.SwapSpec;
import io.kubenode.common.status.ResourceStatus;

import java.util.List;
import java.util.Optional;

/**
 * A control plane's size (kubeadm's NumCPU and Mem checks: 2 CPUs, 1700 MB counted in MiB as kubeadm does) and
 * swap off on every node. A machine too small stays too small: permanent. Swap is transient when host preparation
 * turns it off, permanent when the document leaves it on.
 */
final class SizeChecks {
    static final int MIN_CONTROL_PLANE_CPUS = 2;
    static final long MIN_CONTROL_PLANE_MEMORY_MIB = 1700;
    private static final long MIB = 1024 * 1024;

    private SizeChecks() {
    }

    static List<PreflightFailure> cpus(NodeInput input) {
        int cpus = input.facts().cpus();
        if (cpus <= 0) {
            return List.of(PreflightFailure.transientFailure(input.name(), PreflightCheck.CONTROL_PLANE_CPUS,
                    "the CPU count is not reported (/proc/cpuinfo unreadable)",
                    "at least " + MIN_CONTROL_PLANE_CPUS + " CPUs on a control plane"));
        }
        if (cpus < MIN_CONTROL_PLANE_CPUS) {
            return List.of(PreflightFailure.permanent(input.name(), PreflightCheck.CONTROL_PLANE_CPUS,
                    cpus + (cpus == 1 ? " CPU" : " CPUs"),
                    "at least " + MIN_CONTROL_PLANE_CPUS + " CPUs on a control plane"));
        }
        return List.of();
    }

    static List<PreflightFailure> memory(NodeInput input) {
        long mebibytes = input.facts().memoryBytes() / MIB;
        String expected = "at least " + MIN_CONTROL_PLANE_MEMORY_MIB + " MiB of memory on a control plane";
        if (input.facts().memoryBytes() <= 0) {
            return List.of(PreflightFailure.transientFailure(input.name(), PreflightCheck.CONTROL_PLANE_MEMORY,
                    "the memory size is not reported (/proc/meminfo unreadable)", expected));
        }
        if (mebibytes < MIN_CONTROL_PLANE_MEMORY_MIB) {
            return List.of(PreflightFailure.permanent(input.name(), PreflightCheck.CONTROL_PLANE_MEMORY,
                    "memory " + mebibytes + " MiB", expected));
        }
        return List.of();
    }

    /**
     * The swap resource's last outcome when the catalog turns swap off (fresher than facts, which are up to a few
     * minutes old); the facts' SwapTotal otherwise.
     */
    static List<PreflightFailure> swap(NodeInput input) {
        String expected = "no active swap (the kubelet refuses to start with swap on)";
        Optional<ResourceStatus> resource = input.resource(SwapSpec.TYPE, new SwapSpec(false).name());
        if (input.swapTurnedOff() && resource.isPresent()) {
            return input.holds(resource.get()) ? List.of()
                    : List.of(PreflightFailure.transientFailure(input.name(), PreflightCheck.SWAP_OFF,
                            NodeInput.describe(resource.get()), expected));
        }
        long swapBytes = input.facts().swapBytes();
        if (swapBytes <= 0) {
            return List.of();
        }
        String saw = "swap " + swapBytes / MIB + " MiB active";
        return List.of(input.swapTurnedOff()
                ? PreflightFailure.transientFailure(input.name(), PreflightCheck.SWAP_OFF, saw, expected)
                : PreflightFailure.permanent(input.name(), PreflightCheck.SWAP_OFF,
                        saw + " and spec.host.swap does not turn it off", expected + "; set spec.host.swap: off"));
    }
}
