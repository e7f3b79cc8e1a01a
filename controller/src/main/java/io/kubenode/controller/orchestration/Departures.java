package io.kubenode.controller.orchestration;

import io.kubenode.common.catalog.ResourceSpec;
import io.kubenode.common.cluster.NodeSpec;
import io.kubenode.common.status.ResourceStatus;

import java.util.List;
import java.util.Optional;

/**
 * The decision's step for day-2 removal: moves each departing node through its {@link DepartureStep}s, one step when
 * the agent that acts in it (a remaining control plane, or the node itself for the reset) reports the step's resource
 * in sync on its current catalog. A node that has left is dropped from the record, which withdraws its catalog. The
 * executor is replaced when it is no longer a joined control plane of the document.
 */
final class Departures {
    static final String DRAIN = "drain";
    static final String ETCD_MEMBER = "etcdMember";
    static final String CLUSTER_NODE = "clusterNode";

    private Departures() {
    }

    static void advance(DecisionDraft draft) {
        for (Departure departure : List.copyOf(draft.departures().values())) {
            advance(draft, withLiveExecutor(draft, departure));
        }
    }

    private static void advance(DecisionDraft draft, Departure start) {
        Departure departure = skipWhatNeedsTheNode(draft, start);
        String name = departure.name();
        String actor = departure.step().onTheNodeItself() ? name : departure.executor();
        if (actor == null) {
            draft.departure(departure.withMessage("waits for a joined control plane to act from (none is left)"));
            return;
        }
        String id = resourceId(departure);
        if (!draft.fresh(actor)) {
            draft.departure(departure.withMessage("waits for " + actor + " to apply its catalog with " + id));
            return;
        }
        Optional<ResourceStatus> resource = draft.statuses.resource(actor, id);
        if (resource.isEmpty()) {
            draft.departure(departure.withMessage(actor + " has not reported " + id + " yet"));
            return;
        }
        if (!StatusView.IN_SYNC.equals(resource.get().state())) {
            String why = resource.get().message() == null ? "" : " (" + FailureText.firstLine(
                    FailureText.redacted(resource.get().message())) + ")";
            draft.departure(departure.withMessage(actor + ": " + id + " " + resource.get().state() + why));
            return;
        }
        draft.event("departure.step", name, departure.step().name(), id + " in sync on " + actor);
        DepartureStep next = departure.step().next(departure.node().isControlPlane());
        if (next == null) {
            draft.departed(name);
            draft.event("departure.done", name, null, name + " left the cluster; its catalog is withdrawn");
            return;
        }
        Departure moved = departure.at(next, draft.nowText, "released");
        draft.departure(moved);
        moved = skipWhatNeedsTheNode(draft, moved);
        draft.event("departure.release", name, moved.step().name(), resourceId(moved) + " to "
                + (moved.step().onTheNodeItself() ? name : moved.executor()));
    }

    /** A forgotten node's drain and reset are skipped (nothing can run on it); the departure at its next real step. */
    private static Departure skipWhatNeedsTheNode(DecisionDraft draft, Departure start) {
        Departure departure = start;
        while (departure.skipsStep()) {
            DepartureStep next = departure.step().next(departure.node().isControlPlane());
            draft.event("departure.skip", departure.name(), departure.step().name(), departure.name()
                    + " forgotten by " + departure.forgottenBy() + ": nothing runs on it");
            departure = departure.at(next, draft.nowText, "released (" + departure.step() + " skipped: forgotten by "
                    + departure.forgottenBy() + ")");
            draft.departure(departure);
        }
        return departure;
    }

    /** The resource the agent acting in the departure's step reports. */
    static String resourceId(Departure departure) {
        String name = departure.name();
        return switch (departure.step()) {
            case Draining -> ResourceSpec.id(DRAIN, name);
            case RemovingMember -> ResourceSpec.id(ETCD_MEMBER, name);
            case Resetting -> StatusView.KUBEADM_NODE;
            case DeletingNode -> ResourceSpec.id(CLUSTER_NODE, name);
        };
    }

    /** The departure with an executor that is a joined control plane of the document (a Ready one first). */
    private static Departure withLiveExecutor(DecisionDraft draft, Departure departure) {
        String executor = departure.executor();
        if (executor != null && isExecutor(draft, executor)) {
            return departure;
        }
        String chosen = DepartureStart.executor(draft.before, draft.input.cluster());
        if (chosen != null) {
            draft.event("departure.executor", departure.name(), departure.step().name(), departure.name()
                    + " acted on from " + chosen
                    + (executor == null ? "" : " (" + executor + " is no longer a joined control plane)"));
        }
        return departure.withExecutor(chosen);
    }

    private static boolean isExecutor(DecisionDraft draft, String name) {
        return draft.node(name).filter(NodeSpec::isControlPlane).isPresent() && draft.joined(name);
    }
}
