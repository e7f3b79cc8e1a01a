package io.kubenode.controller.orchestration;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.NodeSpec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The departures a new revision starts: every node the record shows joined that the revision no longer names leaves
 * the cluster, acted on from the first Ready joined control plane the revision keeps. Stored with the revision, in the
 * same transaction, so a controller killed right after the PUT still removes the node.
 */
public final class DepartureStart {
    private DepartureStart() {
    }

    /**
     * The departures after a PUT of {@code next} over {@code before} (the document in force, revision
     * {@code beforeRevision}): those under way, plus one per joined node {@code next} drops. Empty when there is no
     * record or no document in force.
     */
    public static Map<String, Departure> of(OrchestrationRecord inForce, Cluster before, Cluster next,
                                            long beforeRevision, String now) {
        if (inForce == null || before == null) {
            return Map.of();
        }
        Map<String, Departure> departures = new LinkedHashMap<>(inForce.departures());
        Set<String> kept = next.spec().nodesOrEmpty().stream().map(NodeSpec::name).collect(Collectors.toSet());
        String executor = executor(inForce, next);
        for (NodeSpec node : before.spec().nodesOrEmpty()) {
            NodeRecord record = inForce.nodes().get(node.name());
            if (kept.contains(node.name()) || record == null || !record.joined()
                    || departures.containsKey(node.name())) {
                continue;
            }
            departures.put(node.name(), new Departure(node, beforeRevision, now, DepartureStep.Draining, now, executor,
                    "released"));
        }
        return departures.equals(inForce.departures()) ? Map.of() : departures;
    }

    /** The first joined control plane of {@code next} that is Ready, else the first joined one; null without one. */
    static String executor(OrchestrationRecord record, Cluster next) {
        String joined = null;
        for (NodeSpec node : next.spec().nodesOrEmpty()) {
            NodeRecord known = record.nodes().get(node.name());
            if (!node.isControlPlane() || known == null || !known.joined()) {
                continue;
            }
            if (known.phase() == NodePhase.Ready) {
                return node.name();
            }
            if (joined == null) {
                joined = node.name();
            }
        }
        return joined;
    }

    /** For the audit summary: "; removes node5.internal from the cluster (drain, kubeadm reset, Node object)", or "". */
    public static String describe(Map<String, Departure> before, Map<String, Departure> after) {
        String started = after.keySet().stream().filter(name -> !before.containsKey(name))
                .collect(Collectors.joining(", "));
        return started.isEmpty() ? "" : "; removes " + started + " from the cluster (drain, "
                + (after.values().stream().anyMatch(each -> !before.containsKey(each.name())
                && each.node().isControlPlane()) ? "etcd member, " : "") + "kubeadm reset, Node object)";
    }
}
