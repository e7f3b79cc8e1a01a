package io.kubenode.agent.engine;

import java.util.List;

/** One resource's line in a report: its outcome flattened for JSON and people. */
public record ResourceReport(String id, String type, String state, List<String> changes, String message,
                             long durationMicros) {

    public ResourceReport {
        changes = List.copyOf(changes);
    }

    static ResourceReport of(String type, Outcome outcome, long durationMicros) {
        List<String> changes = outcome instanceof Outcome.Changed changed
                ? changed.changes().stream().map(Change::render).toList()
                : List.of();
        String message = null;
        if (outcome instanceof Outcome.InSync inSync) {
            message = inSync.note();
        } else if (outcome instanceof Outcome.Failed failed) {
            message = failed.reason();
        } else if (outcome instanceof Outcome.Skipped skipped) {
            message = "blocked by " + skipped.blockedBy();
        } else if (outcome instanceof Outcome.NotReady notReady) {
            message = notReady.reason();
        }
        return new ResourceReport(outcome.id(), type, outcome.state(), changes, message, durationMicros);
    }
}
