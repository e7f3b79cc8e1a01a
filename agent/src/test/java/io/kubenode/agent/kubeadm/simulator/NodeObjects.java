package io.kubenode.agent.kubeadm.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The API objects the simulated apiserver and kubectl print: a registered node (Ready while its daemon runs, or on
 * hosts of their own while its kubelet renews its lease,
 * {@code spec.unschedulable} and kubectl's taint while cordoned) and the pod list of a node.
 */
final class NodeObjects {
    /** kube-controller-manager's --node-monitor-grace-period: a lease older than this makes the node NotReady. */
    static final Duration NODE_MONITOR_GRACE = Duration.ofSeconds(40);
    private NodeObjects() {
    }

    static ObjectNode node(ClusterStore store, ClusterStore.Node registered) {
        ObjectNode item = ClusterStore.JSON.createObjectNode().put("kind", "Node").put("apiVersion", "v1");
        ObjectNode metadata = item.putObject("metadata").put("name", registered.name());
        ObjectNode labels = metadata.putObject("labels").put("kubernetes.io/hostname", registered.name());
        if (registered.role().equals("control-plane")) {
            labels.put("node-role.kubernetes.io/control-plane", "");
        }
        ObjectNode spec = item.putObject("spec");
        if (store.cordoned(registered.name())) {
            spec.put("unschedulable", true);
            spec.putArray("taints").addObject().put("key", "node.kubernetes.io/unschedulable")
                    .put("effect", "NoSchedule");
        }
        ObjectNode status = item.putObject("status");
        status.putArray("addresses").addObject().put("type", "InternalIP").put("address", registered.address());
        boolean ready = registered.root() != null ? DaemonProcess.runs(Path.of(registered.root()))
                : store.leaseFresh(registered.name(), NODE_MONITOR_GRACE);
        status.putArray("conditions").addObject().put("type", "Ready")
                .put("status", ready ? "True" : "Unknown")
                .put("reason", ready ? "KubeletReady" : "NodeStatusUnknown")
                .put("message", ready ? "kubelet is posting ready status" : "Kubelet stopped posting node status.");
        return item;
    }

    /** {@code kubectl get pods -o json} prints a List (not a PodList) of the pods. */
    static ObjectNode podList(String node, List<ClusterStore.Pod> pods) {
        ObjectNode list = ClusterStore.JSON.createObjectNode().put("apiVersion", "v1").put("kind", "List");
        ArrayNode items = list.putArray("items");
        for (ClusterStore.Pod pod : pods) {
            ObjectNode item = items.addObject().put("apiVersion", "v1").put("kind", "Pod");
            ObjectNode metadata = item.putObject("metadata").put("name", pod.name()).put("namespace",
                    pod.namespace());
            if (pod.mirror()) {
                metadata.putObject("annotations").put("kubernetes.io/config.mirror", "simulated");
                metadata.putArray("ownerReferences").addObject().put("apiVersion", "v1").put("kind", "Node")
                        .put("name", node).put("controller", true);
            } else if (pod.owner() != null) {
                metadata.putArray("ownerReferences").addObject().put("apiVersion", "apps/v1")
                        .put("kind", pod.owner()).put("name", pod.name().replaceAll("-[^-]+$", ""))
                        .put("controller", true).put("blockOwnerDeletion", true);
            }
            ObjectNode spec = item.putObject("spec").put("nodeName", node);
            if (pod.emptyDir()) {
                spec.putArray("volumes").addObject().put("name", "scratch").putObject("emptyDir");
            }
            item.putObject("status").put("phase", pod.phase());
        }
        list.putObject("metadata").put("resourceVersion", "");
        return list;
    }
}
