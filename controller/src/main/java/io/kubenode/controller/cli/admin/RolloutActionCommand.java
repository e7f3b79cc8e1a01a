package io.kubenode.controller.cli.admin;

import io.kubenode.common.cli.CommandLines;
import io.kubenode.controller.client.ApiException;
import io.kubenode.controller.rollout.RolloutStatus;

import java.time.Instant;
import java.util.function.Supplier;

/**
 * What the rollout verbs share: the controller's "no rollout" (404) and "not now" (409) as one line each, since
 * both are ordinary answers to a person, not failures to explain at length.
 */
abstract class RolloutActionCommand extends AdminCommand {

    /** Runs {@code action}; on success prints {@code done} and the rollout's header. */
    final int act(Supplier<RolloutStatus> action, String done) {
        RolloutStatus status;
        try {
            status = action.get();
        } catch (ApiException e) {
            if (e.isNotFound() || e.isConflict()) {
                err().println(oneLine(e));
                return CommandLines.FAILED;
            }
            throw e;
        }
        out().println(done);
        out().println(RolloutView.header(status));
        String paused = RolloutView.pausedLine(status);
        if (paused != null) {
            out().println(paused);
        }
        return CommandLines.OK;
    }

    /** "error: MESSAGE", or for a controller that predates rollouts (its 404 for an unknown route), says that. */
    static String oneLine(ApiException e) {
        if (e.isNotFound() && e.getMessage() != null && e.getMessage().startsWith("no such route")) {
            return "error: this controller has no rollout routes (it is older than this kubenodectl)";
        }
        return "error: " + e.getMessage() + " (" + e.status() + " " + e.code() + ")";
    }

    static Instant now() {
        return Instant.now();
    }
}
