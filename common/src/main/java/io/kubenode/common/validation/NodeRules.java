package io.kubenode.common.validation;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.NodeSpec;
import io.kubenode.common.net.IpAddress;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Node names, addresses, roles, the init node and the control-plane count (etcd quorum). */
final class NodeRules implements ClusterRule {

    @Override
    public void check(Cluster cluster, Problems problems) {
        List<NodeSpec> nodes = cluster.spec().nodesOrEmpty();
        if (nodes.isEmpty()) {
            problems.error("spec.nodes", "at least one node is required");
            return;
        }
        Map<String, String> pathByName = new HashMap<>();
        Map<IpAddress, String> pathByAddress = new HashMap<>();
        String initPath = null;
        int controlPlanes = 0;
        int workers = 0;
        for (int i = 0; i < nodes.size(); i++) {
            String path = "spec.nodes[" + i + "]";
            NodeSpec node = nodes.get(i);
            if (node == null) {
                problems.error(path, "required");
                continue;
            }
            checkName(path, node.name(), pathByName, problems);
            checkAddress(path, node.address(), pathByAddress, problems);
            if (problems.required(path + ".role", node.role())) {
                if (node.isControlPlane()) {
                    controlPlanes++;
                } else if (node.isWorker()) {
                    workers++;
                } else {
                    problems.error(path + ".role", "expected control-plane or worker, got '" + node.role() + "'");
                }
            }
            if (node.saysInit()) {
                if (initPath != null) {
                    problems.error(path + ".init", "only one node may say init: true; " + initPath + " already does");
                } else if (node.isWorker()) {
                    problems.error(path + ".init", "a worker cannot run kubeadm init; init must be a control-plane node");
                }
                initPath = initPath == null ? path + ".init" : initPath;
            }
            HostRules.checkAdditions(path, node.kernelModules(), node.sysctl(), node.packages(), problems);
        }
        checkCounts(controlPlanes, workers, problems);
    }

    private static void checkName(String path, String name, Map<String, String> pathByName, Problems problems) {
        if (!problems.required(path + ".name", name)) {
            return;
        }
        if (!Patterns.isDns1123Subdomain(name)) {
            problems.error(path + ".name", DocumentRules.dns1123(name));
        } else if (!Patterns.isHostname(name)) {
            problems.error(path + ".name", "expected at most " + Patterns.HOSTNAME_MAX_LENGTH + " characters: the "
                    + "node name becomes its host name, got " + name.length());
        }
        String earlier = pathByName.putIfAbsent(name, path + ".name");
        if (earlier != null) {
            problems.error(path + ".name", "duplicate name '" + name + "', also at " + earlier);
        }
    }

    private static void checkAddress(String path, String address, Map<IpAddress, String> pathByAddress,
                                     Problems problems) {
        if (!problems.required(path + ".address", address)) {
            return;
        }
        Optional<IpAddress> parsed = IpAddress.parse(address);
        if (parsed.isEmpty()) {
            problems.error(path + ".address", "expected an IPv4 or IPv6 address, got '" + address + "'");
            return;
        }
        String earlier = pathByAddress.putIfAbsent(parsed.get(), path + ".address");
        if (earlier != null) {
            problems.error(path + ".address", "duplicate address " + address + ", also at " + earlier);
        }
    }

    private static void checkCounts(int controlPlanes, int workers, Problems problems) {
        if (controlPlanes == 0) {
            problems.error("spec.nodes", "at least one node must have role control-plane");
            return;
        }
        if (controlPlanes % 2 == 0) {
            // A warning, not an error: replacing a control plane passes through an even count (remove, then add).
            // The orchestrator still refuses to bring up a new cluster with one.
            problems.warning("spec.nodes", controlPlanes + " control-plane nodes: keep the count odd (1, 3, 5 ...) "
                    + "so that etcd keeps quorum; " + controlPlanes + " tolerate no more failures than "
                    + (controlPlanes - 1) + " (fine while replacing one; a new cluster is not brought up with it)");
        } else if (controlPlanes < 3) {
            problems.warning("spec.nodes", "no redundancy: " + controlPlanes
                    + " control-plane node; 3 survive the loss of one");
        }
        if (workers < 2) {
            problems.warning("spec.nodes", "no redundancy: " + workers + " worker node"
                    + (workers == 1 ? "" : "s") + "; 2 survive the loss of one");
        }
    }
}
