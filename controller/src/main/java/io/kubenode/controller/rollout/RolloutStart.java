package io.kubenode.controller.rollout;

import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.NodeSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A new revision's rollout as it starts, a pure function of what each node holds and what the revision compiles to
 * for it: a node whose new catalog would restart or stop a service is held on the revision it holds (its catalog does
 * not change until the rollout releases it); any other node takes the revision at once. A node holds nothing that
 * runs (no catalog yet, or its agent never reported) is never held. {@code allAtOnce} holds nobody.
 */
public final class RolloutStart {
    private RolloutStart() {
    }

    /**
     * @param cluster      the new revision's document
     * @param revision     its resourceVersion
     * @param fromRevision the revision in force before it
     * @param next         each node's catalog compiled from the new revision
     * @param published    each node's catalog spec as served now (from whatever revision it holds)
     * @param previous     the rollout in force (its held nodes stay on the revision they hold), or null
     * @param reported     whether a node's agent has ever reported a status
     */
    public static RolloutRecord of(Cluster cluster, long revision, long fromRevision, Map<String, NodeCatalog.Spec> next,
                                   Map<String, NodeCatalog.Spec> published, RolloutRecord previous,
                                   Predicate<String> reported, boolean allAtOnce, String now) {
        Map<String, RolloutNodeRecord> nodes = new LinkedHashMap<>();
        for (NodeSpec node : cluster.spec().nodesOrEmpty()) {
            NodeCatalog.Spec spec = next.get(node.name());
            NodeCatalog.Spec holds = published.get(node.name());
            Disruption disruption = spec == null || holds == null || !reported.test(node.name()) ? Disruption.none()
                    : DisruptionClassifier.classify(holds, spec);
            List<String> restarts = new ArrayList<>(disruption.restarts().keySet());
            disruption.stops().forEach(stop -> restarts.add(stop + " (stop)"));
            boolean held = disruption.disruptive() && !allAtOnce;
            // A worker the previous rollout cordoned is still cordoned: its drainer stays named so that it is
            // uncordoned (at once if this revision does not hold it, else after its gates pass).
            String cordonedBy = previous == null || previous.node(node.name()) == null ? null
                    : previous.node(node.name()).drainedBy();
            if (held) {
                Long heldBefore = RolloutRecord.heldRevision(previous, node.name());
                long heldOn = heldBefore != null ? heldBefore : fromRevision;
                nodes.put(node.name(), new RolloutNodeRecord(node.isControlPlane(), true, restarts,
                        RolloutNode.State.PENDING, heldOn, now, "held on revision " + heldOn + ": revision "
                        + revision + " restarts " + String.join(", ", restarts), cordonedBy));
            } else if (cordonedBy != null) {
                nodes.put(node.name(), new RolloutNodeRecord(node.isControlPlane(), false, restarts,
                        RolloutNode.State.UNCORDONING, null, now, "took revision " + revision + " at once; being "
                        + "uncordoned by " + cordonedBy + "'s agent (an earlier rollout drained it)", cordonedBy));
            } else {
                nodes.put(node.name(), new RolloutNodeRecord(node.isControlPlane(), false, restarts,
                        RolloutNode.State.DONE, null, now, restarts.isEmpty() ? "took revision " + revision
                        + " at once: it restarts nothing there" : "took revision " + revision + " at once (all at "
                        + "once): restarts " + String.join(", ", restarts)));
            }
        }
        return new RolloutRecord(revision, fromRevision, now, null, allAtOnce, nodes);
    }

    /** For the audit row of the revision: how it reaches the nodes. */
    public static String describe(RolloutRecord rollout) {
        List<String> held = rollout.nodes().entrySet().stream().filter(each -> each.getValue().disruptive())
                .map(Map.Entry::getKey).toList();
        if (rollout.allAtOnce()) {
            return "; all at once (no rollout)";
        }
        return held.isEmpty() ? "; restarts nothing: every node at once"
                : "; rolls out node by node to " + String.join(", ", held);
    }
}
