package io.kubenode.controller.e2e;

import io.kubenode.controller.rollout.RolloutStatus;

import java.util.LinkedHashMap;
import java.util.Map;

/** A rollout's status on one line, for the tests' timelines. */
public final class RolloutSummary {
    private RolloutSummary() {
    }

    /** One line per sample: state, progress and each node's state and revision. */
    public static String of(RolloutStatus status) {
        Map<String, String> nodes = new LinkedHashMap<>();
        for (RolloutStatus.Node node : status.nodes()) {
            nodes.put(node.name().replace(".internal", ""), node.state() + "@" + node.revision()
                    + (node.disruptive() ? "*" : ""));
        }
        return "r" + status.revision() + "<-r" + status.fromRevision() + " " + status.state() + " cp "
                + status.controlPlanes() + " w " + status.workers() + " " + nodes
                + (status.reason() == null ? "" : " reason: " + status.reason());
    }
}
