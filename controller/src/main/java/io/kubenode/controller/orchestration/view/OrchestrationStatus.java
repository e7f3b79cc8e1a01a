package io.kubenode.controller.orchestration.view;

import io.kubenode.controller.orchestration.ClusterPhase;
import io.kubenode.controller.orchestration.OrchestrationRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/orchestration}: where the bring-up stands, as people and scripts see it. Built from the record
 * by {@link #of}; holds no secret (the token's id is its public half, as {@code kubeadm token list} shows it; its
 * secret never leaves the store; messages and failures pass through {@link OutputRedaction}).
 *
 * @param phase          the cluster phase
 * @param phaseSince     when it was entered (ISO-8601)
 * @param message        what it waits for, or why it failed
 * @param elapsedSeconds time spent in the current phase so far
 * @param observedAt     the controller's clock when it answered (elapsed times are counted to it)
 * @param steps          every phase entered so far, in the order entered, each with how long it took
 * @param token          the current bootstrap token's public part, or null
 * @param nodes          per node, in the record's (document) order
 * @param departures     nodes removed from the document that are still leaving the cluster, oldest first
 */
public record OrchestrationStatus(ClusterPhase phase, String phaseSince, String message, long elapsedSeconds,
                                  String observedAt, List<PhaseStep> steps, TokenStatus token,
                                  List<NodeOrchestration> nodes, List<DepartureStatus> departures) {

    public OrchestrationStatus {
        steps = steps == null ? List.of() : List.copyOf(steps);
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        departures = departures == null ? List.of() : List.copyOf(departures);
    }

    public static OrchestrationStatus of(OrchestrationRecord record, Instant now) {
        return new OrchestrationStatus(record.phase(), record.phaseSince(), OutputRedaction.redact(record.message()),
                Times.secondsBetween(record.phaseSince(), now), now.toString(), steps(record, now),
                TokenStatus.of(record.token()), record.nodes().entrySet().stream()
                .map(entry -> NodeOrchestration.of(entry.getKey(), entry.getValue(), now)).toList(),
                record.departures().values().stream().map(DepartureStatus::of).toList());
    }

    /** The node's entry, if the record names it. */
    public java.util.Optional<NodeOrchestration> node(String name) {
        return nodes.stream().filter(node -> node.name().equals(name)).findFirst();
    }

    /**
     * Phases by the time they were first entered; each took until the next one was entered, the current one until
     * now. A phase entered again later (Degraded, then Ready again) keeps its first entry.
     */
    private static List<PhaseStep> steps(OrchestrationRecord record, Instant now) {
        List<Map.Entry<String, Instant>> entered = new ArrayList<>();
        record.phaseEnteredAt().forEach((phase, at) -> Times.parse(at).ifPresent(instant ->
                entered.add(Map.entry(phase, instant))));
        entered.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
        List<PhaseStep> steps = new ArrayList<>();
        for (int i = 0; i < entered.size(); i++) {
            Map.Entry<String, Instant> step = entered.get(i);
            boolean current = step.getKey().equals(record.phase().name());
            Instant end = current || i + 1 == entered.size() ? now : entered.get(i + 1).getValue();
            steps.add(new PhaseStep(step.getKey(), step.getValue().toString(),
                    Math.max(0, Duration.between(step.getValue(), end).toSeconds()), current));
        }
        return steps;
    }
}
