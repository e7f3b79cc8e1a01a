package io.kubenode.controller.orchestration.preflight;

import io.kubenode.common.catalog.ResourceSpec;
import io.kubenode.common.cluster.ClusterSpec;
import io.kubenode.common.cluster.ContainerRuntimeSpec;
import io.kubenode.common.cluster.NodeSpec;
import io.kubenode.common.cluster.Swap;
import io.kubenode.common.status.Facts;
import io.kubenode.common.status.NodeStatus;
import io.kubenode.common.status.ResourceStatus;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the checks of one node read: its entry in the document, the cluster spec around it, and its last status
 * with facts. The desired values are merged as the compiler merges them (cluster first, the node's on top).
 */
record NodeInput(ClusterSpec cluster, NodeSpec node, NodeStatus status) {
    private static final String PLAN = "plan";

    String name() {
        return node.name();
    }

    Facts facts() {
        return status.facts();
    }

    /** The sysctls the node's catalog sets. */
    Map<String, String> desiredSysctl() {
        Map<String, String> merged = new TreeMap<>();
        if (cluster.host() != null && cluster.host().sysctl() != null) {
            merged.putAll(cluster.host().sysctl());
        }
        if (node.sysctl() != null) {
            merged.putAll(node.sysctl());
        }
        return merged;
    }

    /** The kernel modules the node's catalog loads. */
    Set<String> desiredKernelModules() {
        Set<String> modules = new LinkedHashSet<>();
        if (cluster.host() != null && cluster.host().kernelModules() != null) {
            modules.addAll(cluster.host().kernelModules());
        }
        if (node.kernelModules() != null) {
            modules.addAll(node.kernelModules());
        }
        return modules;
    }

    /** Host preparation turns swap off (spec.host.swap: off). */
    boolean swapTurnedOff() {
        return cluster.host() != null && cluster.host().swap() == Swap.OFF;
    }

    /** containerd is installed and configured by the node's catalog (spec.containerRuntime.containerd). */
    boolean containerdManaged() {
        return cluster.containerRuntime() != null && cluster.containerRuntime().containerd() != null;
    }

    /** The driver the controller gives both containerd and the kubelet (KubeletConfiguration), as the compiler does. */
    String desiredCgroupDriver() {
        ContainerRuntimeSpec runtime = cluster.containerRuntime();
        boolean systemd = runtime == null || runtime.containerd() == null || runtime.containerd().usesSystemdCgroup();
        return systemd ? Facts.SYSTEMD : Facts.CGROUPFS;
    }

    /** The resource's outcome in the node's last pass, when its catalog holds it. */
    Optional<ResourceStatus> resource(String type, String name) {
        String id = ResourceSpec.id(type, name);
        return status.resources().stream().filter(resource -> resource.id().equals(id)).findFirst();
    }

    /**
     * No failure when the resource holds after the node's last pass; transient when it has no outcome yet or did
     * not converge (host preparation is still at it).
     */
    List<PreflightFailure> converged(PreflightCheck check, String type, String name, String expected) {
        Optional<ResourceStatus> outcome = resource(type, name);
        if (outcome.isEmpty()) {
            return List.of(PreflightFailure.transientFailure(name(), check, ResourceSpec.id(type, name)
                    + " has no outcome in the node's last pass (catalog not applied yet)", expected));
        }
        return holds(outcome.get()) ? List.of()
                : List.of(PreflightFailure.transientFailure(name(), check, describe(outcome.get()), expected));
    }

    /** In sync, or changed by an apply pass (a plan's "changed" only says it would change). */
    boolean holds(ResourceStatus resource) {
        return "in_sync".equals(resource.state())
                || "changed".equals(resource.state()) && !isPlan();
    }

    private boolean isPlan() {
        return status.lastPass() != null && PLAN.equals(status.lastPass().mode());
    }

    /** {@code sysctl:net.ipv4.ip_forward is failed in the last pass (cannot write …)}. */
    static String describe(ResourceStatus resource) {
        String why = resource.message() == null || resource.message().isBlank() ? "" : " (" + resource.message() + ")";
        return resource.id() + " is " + resource.state() + " in the last pass" + why;
    }
}
