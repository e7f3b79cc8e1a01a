package io.kubenode.controller.cli.admin;

import io.kubenode.common.document.Documents;
import io.kubenode.controller.client.ClusterDocument;
import io.kubenode.controller.orchestration.view.DepartureStatus;
import io.kubenode.controller.orchestration.view.OrchestrationStatus;
import io.kubenode.controller.orchestration.view.PhaseStep;
import io.kubenode.controller.rollout.RolloutStatus;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code get cluster}'s table: one row for the cluster (name, resourceVersion, phase, time in it, message), then
 * one row per phase entered so far with when it started and how long it took ("running" for the current one).
 * While a revision is rolling out or paused, a ROLLOUT line under the cluster row says how far it got; a REMOVING
 * line per node leaving the cluster says at which step.
 */
final class ClusterTable {
    static final String NO_ORCHESTRATION = "no orchestration yet";

    private ClusterTable() {
    }

    static void print(ClusterDocument document, Optional<OrchestrationStatus> orchestration,
                      Optional<RolloutStatus> rollout, PrintWriter out) {
        Table cluster = new Table(List.of("NAME", "RESOURCE-VERSION", "PHASE", "ELAPSED", "MESSAGE"));
        String name = clusterName(document.document());
        if (orchestration.isEmpty()) {
            cluster.row(List.of(name, Long.toString(document.resourceVersion()), "-", "-", NO_ORCHESTRATION));
            cluster.print(out);
            printRollout(rollout, out);
            return;
        }
        OrchestrationStatus status = orchestration.get();
        cluster.row(List.of(name, Long.toString(document.resourceVersion()), status.phase().name(),
                elapsed(status.elapsedSeconds()), oneLine(status.message())));
        cluster.print(out);
        printRollout(rollout, out);
        printDepartures(status.departures(), out);
        out.println();
        Table steps = new Table(List.of("STEP", "STARTED", "ELAPSED"));
        for (PhaseStep step : status.steps()) {
            steps.row(List.of(step.phase(), Ages.instant(step.enteredAt()), elapsed(step.elapsedSeconds())
                    + (step.current() ? " (running)" : "")));
        }
        steps.print(out);
    }

    /** "ROLLOUT   revision 7: Rolling, control planes 1/3, workers 0/1" unless there is none or it is complete. */
    private static void printRollout(Optional<RolloutStatus> rollout, PrintWriter out) {
        if (rollout.isPresent() && !RolloutStatus.COMPLETE.equals(rollout.get().state())) {
            out.println();
            out.println(Table.line(List.of("ROLLOUT", RolloutView.summary(rollout.get())), new int[]{7, 0}));
        }
    }

    /** "REMOVING  node3.internal (control-plane): RemovingMember since ..., from node1.internal: message". */
    private static void printDepartures(List<DepartureStatus> departures, PrintWriter out) {
        if (departures.isEmpty()) {
            return;
        }
        out.println();
        for (DepartureStatus departure : departures) {
            out.println(Table.line(List.of("REMOVING", departure.name() + " (" + departure.role() + "): "
                    + departure.step() + " since " + Ages.instant(departure.stepSince())
                    + (departure.executor() == null ? "" : ", from " + departure.executor())
                    + (departure.message() == null ? "" : ": " + oneLine(departure.message()))), new int[]{7, 0}));
        }
    }

    static String elapsed(long seconds) {
        return Durations.format(Duration.ofSeconds(seconds));
    }

    static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\n\\s*", " | ");
    }

    /** metadata.name of the stored document; "-" if it cannot be read (it was valid when stored). */
    private static String clusterName(String text) {
        try {
            String name = Documents.forText(text).readTree(text).path("metadata").path("name").asText("");
            return name.isEmpty() ? "-" : name;
        } catch (Exception e) {
            return "-";
        }
    }
}
