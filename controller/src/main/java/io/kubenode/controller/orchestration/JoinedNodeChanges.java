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
 * The changes to joined nodes a new cluster document may not make yet, as "path: message" lines (empty: none).
 * A control plane the record shows joined must not leave the document: kubenode does not remove etcd members yet,
 * and a stale member breaks the next join. Nor may a joined node change its role (a control plane would lose its
 * CA keys but stay an etcd member; a worker would never be joined as a control plane). Workers may leave: their
 * catalog is withdrawn, nothing resets them. Pure.
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
        List<String> refusals = new ArrayList<>();
        record.get().nodes().forEach((name, node) -> {
            NodeSpec was = before.get(name);
            if (!node.joined() || was == null) {
                return;
            }
            NodeSpec now = after.get(name);
            if (now == null && was.isControlPlane()) {
                refusals.add(PATH + ": " + name + ": removing a joined control plane is not supported yet (etcd "
                        + "membership); drain and remove it by hand, see README");
            } else if (now != null && !java.util.Objects.equals(was.role(), now.role())) {
                refusals.add(PATH + ": " + name + ": changing the role of a joined node (" + was.role() + " to "
                        + now.role() + ") is not supported; reset the node by hand and add it again under a new "
                        + "name, see README");
            }
        });
        return refusals;
    }

    private static Map<String, NodeSpec> byName(Cluster cluster) {
        return cluster.spec().nodes().stream().collect(Collectors.toMap(NodeSpec::name, Function.identity(),
                (first, second) -> first));
    }
}
