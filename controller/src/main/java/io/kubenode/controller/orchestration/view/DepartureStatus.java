package io.kubenode.controller.orchestration.view;

import io.kubenode.controller.orchestration.Departure;

/**
 * One node leaving the cluster, in {@code GET /api/v1/orchestration}'s {@code departures}: its role, the step it is
 * at and since when, the control plane acting on it and what the step waits for (redacted like every message).
 */
public record DepartureStatus(String name, String role, String step, String stepSince, String requestedAt,
                              String executor, String message) {

    static DepartureStatus of(Departure departure) {
        return new DepartureStatus(departure.name(), departure.node().role(), departure.step().name(),
                departure.stepSince(), departure.requestedAt(), departure.executor(),
                OutputRedaction.redact(departure.message()));
    }
}
