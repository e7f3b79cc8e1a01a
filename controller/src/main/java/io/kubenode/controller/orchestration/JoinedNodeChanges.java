package io.kubenode.controller.orchestration;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.NodeSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a new cluster document may change for nodes the orchestration record shows joined, checked before anything is
 * stored. Removing a joined node starts its departure (drain, etcd member, kubeadm reset, Node object); refused are a
 * role change, a name added back while it is still leaving, and removals of control planes that would put etcd at
 * risk: more than one at a time, the last one, or one whose removal leaves fewer healthy (Ready) members than the
 * quorum of those that remain.
 */
public final class JoinedNodeChanges {
    static final String PATH = "spec.nodes";

    private JoinedNodeChanges() {
    }

    public static List<String> refusals(Optional<Cluster> current, Cluster next, Optional<OrchestrationRecord> record) {
        if (current.isEmpty() || record.isEmpty()) {
            return List.of();
        }
        Map<String, NodeSpec> before = byName(current.get());
        Map<String, NodeSpec> after = byName(next);
        OrchestrationRecord known = record.get();
        List<String> refusals = new ArrayList<>();
        List<String> removedControlPlanes = new ArrayList<>();
        known.nodes().forEach((name, node) -> {
            NodeSpec was = before.get(name);
            if (!node.joined() || was == null) {
                return;
            }
            NodeSpec now = after.get(name);
            if (now == null && was.isControlPlane()) {
                removedControlPlanes.add(name);
            } else if (now != null && !java.util.Objects.equals(was.role(), now.role())) {
                refusals.add(PATH + ": " + name + ": changing the role of a joined node (" + was.role() + " to "
                        + now.role() + ") is not supported; remove it from the document (kubenode drains and resets "
                        + "it), then add it again with its new role once it has left");
            }
        });
        known.departures().forEach((name, departure) -> {
            if (after.containsKey(name)) {
                refusals.add(PATH + ": " + name + ": is still leaving the cluster (" + departure.step() + "); add it "
                        + "again once it has left (kubenodectl get cluster shows the removal)");
            }
        });
        refusals.addAll(controlPlaneRemovals(removedControlPlanes, after, known));
        return refusals;
    }

    private static List<String> controlPlaneRemovals(List<String> removed, Map<String, NodeSpec> after,
                                                     OrchestrationRecord known) {
        if (removed.isEmpty()) {
            return List.of();
        }
        List<String> leaving = known.departures().values().stream().filter(each -> each.node().isControlPlane())
                .map(Departure::name).toList();
        if (!leaving.isEmpty()) {
            return List.of(PATH + ": " + String.join(", ", removed) + ": control planes leave one at a time and "
                    + String.join(", ", leaving) + " is still leaving; remove the next once it has left");
        }
        if (removed.size() > 1) {
            return List.of(PATH + ": " + String.join(", ", removed) + ": this revision removes " + removed.size()
                    + " joined control planes; remove one per revision (each removal changes etcd's membership and "
                    + "quorum)");
        }
        List<String> remaining = known.nodes().entrySet().stream()
                .filter(each -> each.getValue().joined() && after.containsKey(each.getKey())
                        && after.get(each.getKey()).isControlPlane())
                .map(Map.Entry::getKey).toList();
        String name = removed.get(0);
        if (remaining.isEmpty()) {
            return List.of(PATH + ": " + name + ": is the last joined control plane; removing it would end the "
                    + "cluster (its etcd holds all of the cluster's state)");
        }
        List<String> healthy = remaining.stream().filter(each -> known.nodes().get(each).phase() == NodePhase.Ready)
                .toList();
        int quorum = remaining.size() / 2 + 1;
        if (healthy.size() < quorum) {
            return List.of(PATH + ": " + name + ": removing it would leave " + remaining.size() + " etcd member"
                    + (remaining.size() == 1 ? "" : "s") + " ("
                    + String.join(", ", remaining) + ") of which " + (healthy.isEmpty() ? "none is"
                    : healthy.size() + " (" + String.join(", ", healthy) + ")" + (healthy.size() == 1 ? " is"
                    : " are")) + " Ready; etcd needs " + quorum + " for quorum. Bring the others back to Ready "
                    + "first");
        }
        return List.of();
    }

    private static Map<String, NodeSpec> byName(Cluster cluster) {
        return cluster.spec().nodes().stream().collect(Collectors.toMap(NodeSpec::name, Function.identity(),
                (first, second) -> first));
    }
}
