package io.kubenode.controller.cli.admin;

import io.kubenode.common.cli.CommandLines;
import io.kubenode.controller.client.ApiException;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.function.IntSupplier;

/**
 * The loop of the {@code -w} verbs: asks every second until a poll says it is done or the timeout passes. A
 * controller that cannot be reached is reported once and asked again; an error answer ends the loop (it throws).
 */
final class PollingLoop {
    static final Duration INTERVAL = Duration.ofSeconds(1);

    /** One poll: the exit code when the watch is done, empty to poll again. */
    interface Poll {
        OptionalInt once();
    }

    private PollingLoop() {
    }

    /** {@code timeout} null: until interrupted. {@code timedOut}: the exit code (and message) when it passes. */
    static int run(Duration timeout, PrintWriter err, Poll poll, IntSupplier timedOut) {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        boolean unreachable = false;
        while (true) {
            try {
                OptionalInt done = poll.once();
                unreachable = false;
                if (done.isPresent()) {
                    return done.getAsInt();
                }
            } catch (ApiException e) {
                if (e.status() != 0) {
                    throw e;
                }
                if (!unreachable) {
                    e.lines().forEach(line -> err.println(line + " (polling again)"));
                    err.flush();
                }
                unreachable = true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return timedOut.getAsInt();
            }
            try {
                Thread.sleep(Math.min(INTERVAL.toMillis(), Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CommandLines.OK;
            }
        }
    }
}
