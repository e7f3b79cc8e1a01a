package io.kubenode.controller.orchestration.preflight;

import io.kubenode.common.catalog.KernelModuleSpec;
import io.kubenode.common.catalog.SysctlSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * br_netfilter and the bridge sysctls (kubeadm stopped checking them, flannel still needs them) and ip_forward,
 * judged by the outcome of the node's own kernelModule and sysctl resources in its last pass: in sync means the
 * kernel holds the value now. A resource that has not converged yet is transient; a document that does not ask for
 * the module or asks for another value is permanent (retrying never changes the document).
 */
final class KernelChecks {
    static final String BRIDGE_NETFILTER = "br_netfilter";
    static final List<String> BRIDGE_SYSCTLS = List.of(
            "net.bridge.bridge-nf-call-iptables", "net.bridge.bridge-nf-call-ip6tables");
    static final String IP_FORWARD = "net.ipv4.ip_forward";

    private KernelChecks() {
    }

    static List<PreflightFailure> bridgeNetfilter(NodeInput input) {
        String expected = "kernel module " + BRIDGE_NETFILTER + " loaded";
        if (!input.desiredKernelModules().contains(BRIDGE_NETFILTER)) {
            return List.of(PreflightFailure.permanent(input.name(), PreflightCheck.BRIDGE_NETFILTER,
                    BRIDGE_NETFILTER + " is not in spec.host.kernelModules nor the node's kernelModules",
                    expected + " (add it to spec.host.kernelModules)"));
        }
        return input.converged(PreflightCheck.BRIDGE_NETFILTER, KernelModuleSpec.TYPE, BRIDGE_NETFILTER, expected);
    }

    static List<PreflightFailure> bridgeSysctls(NodeInput input) {
        List<PreflightFailure> failures = new ArrayList<>();
        BRIDGE_SYSCTLS.forEach(key -> failures.addAll(sysctl(input, PreflightCheck.BRIDGE_SYSCTLS, key)));
        return failures;
    }

    static List<PreflightFailure> ipForward(NodeInput input) {
        return sysctl(input, PreflightCheck.IP_FORWARD, IP_FORWARD);
    }

    private static List<PreflightFailure> sysctl(NodeInput input, PreflightCheck check, String key) {
        String expected = key + " = 1";
        String desired = input.desiredSysctl().get(key);
        if (desired == null) {
            return List.of(PreflightFailure.permanent(input.name(), check,
                    key + " is not set by spec.host.sysctl nor the node's sysctl",
                    expected + " (add it to spec.host.sysctl)"));
        }
        if (!desired.strip().equals("1")) {
            return List.of(PreflightFailure.permanent(input.name(), check,
                    "the document sets " + key + " = " + desired.strip(), expected));
        }
        return input.converged(check, SysctlSpec.TYPE, key, expected);
    }
}
