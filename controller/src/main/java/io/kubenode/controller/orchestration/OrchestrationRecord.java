package io.kubenode.controller.orchestration;

import io.kubenode.controller.rollout.RolloutRecord;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The orchestration's durable state, kept in the store as one document and written in the same transaction as the
 * catalogs a decision changes. {@code phaseEnteredAt}: the first time each {@link ClusterPhase} was entered
 * (per-step elapsed times for {@code get cluster}). {@code nodes}: by node name, in document order.
 * {@code networkReadyAt}: when the CNI manifest was first seen applied and the endpoint first answered through the
 * virtual IP (null before); no node joins before it, and it is never undone (added later: a record without it
 * reads as null). {@code rollout}: the newest revision's rollout, null before a revision that changed anything on a
 * node that had a catalog. {@code departures}: joined nodes a revision removed from the document, by name, until
 * they have left the cluster (empty in a record written before day-2 removal).
 */
public record OrchestrationRecord(ClusterPhase phase, String phaseSince, String message,
                                  Map<String, String> phaseEnteredAt, Map<String, NodeRecord> nodes,
                                  BootstrapToken token, String networkReadyAt, RolloutRecord rollout,
                                  Map<String, Departure> departures) {

    public OrchestrationRecord {
        phaseEnteredAt = phaseEnteredAt == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new LinkedHashMap<>(phaseEnteredAt));
        nodes = nodes == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        departures = departures == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new LinkedHashMap<>(departures));
    }

    /** The record before day-2 removal. */
    public OrchestrationRecord(ClusterPhase phase, String phaseSince, String message,
                               Map<String, String> phaseEnteredAt, Map<String, NodeRecord> nodes,
                               BootstrapToken token, String networkReadyAt, RolloutRecord rollout) {
        this(phase, phaseSince, message, phaseEnteredAt, nodes, token, networkReadyAt, rollout, Map.of());
    }

    /** The record before rollouts. */
    public OrchestrationRecord(ClusterPhase phase, String phaseSince, String message,
                               Map<String, String> phaseEnteredAt, Map<String, NodeRecord> nodes,
                               BootstrapToken token, String networkReadyAt) {
        this(phase, phaseSince, message, phaseEnteredAt, nodes, token, networkReadyAt, null);
    }

    /** The record as first defined, before {@code networkReadyAt}. */
    public OrchestrationRecord(ClusterPhase phase, String phaseSince, String message,
                               Map<String, String> phaseEnteredAt, Map<String, NodeRecord> nodes,
                               BootstrapToken token) {
        this(phase, phaseSince, message, phaseEnteredAt, nodes, token, null, null);
    }

    public OrchestrationRecord withRollout(RolloutRecord next) {
        return new OrchestrationRecord(phase, phaseSince, message, phaseEnteredAt, nodes, token, networkReadyAt, next,
                departures);
    }

    public OrchestrationRecord withDepartures(Map<String, Departure> next) {
        return new OrchestrationRecord(phase, phaseSince, message, phaseEnteredAt, nodes, token, networkReadyAt,
                rollout, next);
    }

    /** The departure of {@code node}, or null when it is not leaving. */
    public Departure departure(String node) {
        return departures.get(node);
    }

    /** Before the first decision: nothing released, waiting for nodes. */
    public static OrchestrationRecord empty(String now) {
        return new OrchestrationRecord(ClusterPhase.WaitingForNodes, now, "no decision yet",
                Map.of(ClusterPhase.WaitingForNodes.name(), now), Map.of(), null);
    }

    public Released released(String node) {
        NodeRecord record = nodes.get(node);
        return record == null ? Released.NOTHING : record.released();
    }
}
