package io.kubenode.controller.cli.admin;

import io.kubenode.common.cli.CommandLines;
import io.kubenode.controller.client.ControllerApi;
import io.kubenode.controller.orchestration.ClusterPhase;
import io.kubenode.controller.orchestration.view.OrchestrationStatus;
import io.kubenode.controller.orchestration.view.PhaseStep;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code get cluster -w}: polls {@code GET /api/v1/orchestration} every second (the controller has no long poll for
 * admins; a second is finer than any phase) and prints a line when the phase or its message changes: the time, the
 * phase, how long it has run, and on a transition how long the previous phase took. A controller that cannot be
 * reached is reported once and polled again; an error answer ends the watch.
 */
final class ClusterWatch {
    private static final List<String> HEADERS = List.of("TIME", "PHASE", "ELAPSED", "PREVIOUS", "MESSAGE");
    private static final int[] WIDTHS = {20, 20, 7, 30, 0};

    private final ControllerApi api;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean untilReady;
    private final Duration timeout;
    private ClusterPhase shownPhase;
    private String shownMessage;
    private int shownSteps;
    private boolean headerShown;
    private boolean waitingShown;

    ClusterWatch(ControllerApi api, PrintWriter out, PrintWriter err, boolean untilReady, Duration timeout) {
        this.api = api;
        this.out = out;
        this.err = err;
        this.untilReady = untilReady;
        this.timeout = timeout;
    }

    int run() {
        return PollingLoop.run(timeout, err, this::poll, this::timedOut);
    }

    private OptionalInt poll() {
        Optional<OrchestrationStatus> status = api.orchestration();
        status.ifPresentOrElse(this::show, this::noOrchestration);
        if (untilReady && status.isPresent() && status.get().phase() == ClusterPhase.Ready) {
            out.println("the cluster is Ready");
            out.flush();
            return OptionalInt.of(CommandLines.OK);
        }
        if (untilReady && status.isPresent() && status.get().phase() == ClusterPhase.Failed) {
            err.println("error: the orchestration stopped at Failed: " + status.get().message());
            return OptionalInt.of(CommandLines.FAILED);
        }
        return OptionalInt.empty();
    }

    private void noOrchestration() {
        if (!waitingShown) {
            err.println(ClusterTable.NO_ORCHESTRATION + " (polling)");
            err.flush();
            waitingShown = true;
        }
    }

    /**
     * Prints what changed since the last poll: a line per phase entered since (phases that came and went between
     * two polls too, at the time they were entered), or a line for a new message in the same phase.
     */
    private void show(OrchestrationStatus status) {
        List<PhaseStep> steps = status.steps();
        boolean changed = status.phase() != shownPhase || !Objects.equals(status.message(), shownMessage);
        if (!changed && steps.size() <= shownSteps) {
            return;
        }
        if (!headerShown) {
            out.println(Table.line(HEADERS, WIDTHS));
            headerShown = true;
        }
        // the first answer shows the current phase only; later ones every phase entered since
        int from = shownPhase == null ? Math.max(0, steps.size() - 1) : shownSteps;
        boolean currentShown = false;
        for (int index = from; index < steps.size(); index++) {
            PhaseStep step = steps.get(index);
            String previous = index == 0 ? "" : steps.get(index - 1).phase() + " took "
                    + ClusterTable.elapsed(steps.get(index - 1).elapsedSeconds());
            boolean current = step.current();
            out.println(Table.line(List.of(Ages.instant(step.enteredAt()), step.phase(),
                    ClusterTable.elapsed(step.elapsedSeconds()), previous,
                    current ? ClusterTable.oneLine(status.message()) : ""), WIDTHS));
            currentShown |= current;
        }
        if (!currentShown) {
            // the same phase with a new message, or a phase entered again (Ready after Degraded)
            String previous = shownPhase != null && shownPhase != status.phase() ? "after " + shownPhase : "";
            out.println(Table.line(List.of(Ages.instant(status.observedAt()), status.phase().name(),
                    ClusterTable.elapsed(status.elapsedSeconds()), previous, ClusterTable.oneLine(status.message())),
                    WIDTHS));
        }
        out.flush();
        shownPhase = status.phase();
        shownMessage = status.message();
        shownSteps = steps.size();
    }

    private int timedOut() {
        if (!untilReady) {
            return CommandLines.OK;
        }
        err.println("error: timed out after " + Durations.format(timeout) + " waiting for the cluster to be Ready"
                + (shownPhase == null ? "; no orchestration yet" : "; it is " + shownPhase + ": " + shownMessage));
        return CommandLines.FAILED;
    }
}
