package io.kubenode.controller.orchestration.preflight;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.ClusterSpec;
import io.kubenode.common.cluster.NodeSpec;
import io.kubenode.common.status.Facts;
import io.kubenode.common.status.NodeStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The cluster-wide preflight, a pure function of the stored Cluster and each node's last status: what kubeadm cannot
 * check from one node, run before any kubeadm step. A node without a status or without facts is not ready (checked
 * again when it reports), never failed. Statuses of nodes the document does not name are ignored.
 */
public final class ClusterPreflight {

    private ClusterPreflight() {
    }

    /** @param statuses each node's last status by node name; a node missing from the map has not reported */
    public static PreflightResult check(Cluster cluster, Map<String, NodeStatus> statuses) {
        ClusterSpec spec = cluster.spec();
        List<NodeSpec> nodes = spec.nodesOrEmpty();
        Map<String, Facts> reported = new LinkedHashMap<>();
        for (NodeSpec node : nodes) {
            NodeStatus status = statuses.get(node.name());
            if (status != null && status.facts() != null) {
                reported.put(node.name(), status.facts());
            }
        }
        IdentityChecks identity = new IdentityChecks(reported);
        List<NodePreflight> results = new ArrayList<>();
        for (NodeSpec node : nodes) {
            NodeStatus status = statuses.get(node.name());
            if (status == null) {
                results.add(NodePreflight.notReady(node.name(), "no status reported yet"));
            } else if (status.facts() == null) {
                results.add(NodePreflight.notReady(node.name(), "no facts reported yet"));
            } else {
                results.add(checkNode(new NodeInput(spec, node, status), identity));
            }
        }
        return new PreflightResult(results, controlPlaneCount(nodes));
    }

    private static NodePreflight checkNode(NodeInput input, IdentityChecks identity) {
        Map<PreflightCheck, Function<NodeInput, List<PreflightFailure>>> checks = new LinkedHashMap<>();
        checks.put(PreflightCheck.UNIQUE_HOSTNAME, identity::hostname);
        checks.put(PreflightCheck.UNIQUE_MAC, identity::mac);
        checks.put(PreflightCheck.UNIQUE_PRODUCT_UUID, identity::productUuid);
        if (input.node().isControlPlane()) {
            checks.put(PreflightCheck.CONTROL_PLANE_CPUS, SizeChecks::cpus);
            checks.put(PreflightCheck.CONTROL_PLANE_MEMORY, SizeChecks::memory);
        }
        checks.put(PreflightCheck.SWAP_OFF, SizeChecks::swap);
        checks.put(PreflightCheck.BRIDGE_NETFILTER, KernelChecks::bridgeNetfilter);
        checks.put(PreflightCheck.BRIDGE_SYSCTLS, KernelChecks::bridgeSysctls);
        checks.put(PreflightCheck.IP_FORWARD, KernelChecks::ipForward);
        checks.put(PreflightCheck.CRI_ANSWERING, RuntimeChecks::criAnswering);
        checks.put(PreflightCheck.CGROUP_DRIVER_MATCH, RuntimeChecks::cgroupDriverMatch);
        checks.put(PreflightCheck.FIREWALL_PORTS, FirewallChecks::portsOpen);
        List<PreflightCheck> passed = new ArrayList<>();
        List<PreflightFailure> failures = new ArrayList<>();
        checks.forEach((check, run) -> {
            List<PreflightFailure> found = run.apply(input);
            if (found.isEmpty()) {
                passed.add(check);
            }
            failures.addAll(found);
        });
        return NodePreflight.checked(input.name(), passed, failures);
    }

    /** etcd needs a majority: an even count tolerates no more failures than one less, and 2 tolerates none. */
    private static List<PreflightFailure> controlPlaneCount(List<NodeSpec> nodes) {
        long controlPlanes = nodes.stream().filter(NodeSpec::isControlPlane).count();
        if (controlPlanes % 2 == 1) {
            return List.of();
        }
        return List.of(PreflightFailure.permanent(null, PreflightCheck.ODD_CONTROL_PLANE_COUNT,
                controlPlanes + " control-plane nodes in spec.nodes", "an odd count (1, 3, 5 ...)"));
    }
}
