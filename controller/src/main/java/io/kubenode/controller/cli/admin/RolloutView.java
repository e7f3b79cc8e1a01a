package io.kubenode.controller.cli.admin;

import io.kubenode.controller.rollout.RolloutStatus;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How kubenodectl shows a rollout: a header ("revision 7 (from 6): Rolling, control planes 1/3, workers 0/1", then
 * why it is paused), a table of every node with the revision it holds, and the one-line summary of get cluster.
 */
final class RolloutView {
    private RolloutView() {
    }

    /** "revision 7 (from 6): Paused, control planes 1/3, workers 0/1". */
    static String header(RolloutStatus status) {
        return "revision " + status.revision() + " (from " + status.fromRevision() + "): " + state(status)
                + ", " + progress(status);
    }

    /** get cluster's line: "revision 7: Rolling, control planes 1/3, workers 0/1" (and why it is paused). */
    static String summary(RolloutStatus status) {
        String line = "revision " + status.revision() + ": " + state(status) + ", " + progress(status);
        String paused = pausedLine(status);
        return paused == null ? line : line + " (" + paused + ")";
    }

    /** Who paused it and why, or why it stopped by itself; null when it is not paused. */
    static String pausedLine(RolloutStatus status) {
        if (!RolloutStatus.PAUSED.equals(status.state())) {
            return null;
        }
        String reason = ClusterTable.oneLine(status.reason());
        if (status.pausedBy() != null) {
            return "paused by " + status.pausedBy() + (reason.isEmpty() ? "" : ": " + reason);
        }
        return "paused: " + (reason.isEmpty() ? "no reason given" : reason);
    }

    static void print(RolloutStatus status, Instant now, PrintWriter out) {
        out.println(header(status));
        String paused = pausedLine(status);
        if (paused != null) {
            out.println(paused);
        }
        out.println();
        Table nodes = new Table(List.of("NODE", "ROLE", "REVISION", "STATE", "RESTARTS", "SINCE", "MESSAGE"));
        for (RolloutStatus.Node node : status.nodes()) {
            nodes.row(List.of(node.name(), node.role(), Long.toString(node.revision()), node.state(),
                    node.restarts().isEmpty() ? "-" : String.join(",", node.restarts()),
                    Ages.age(node.since(), now), ClusterTable.oneLine(node.message())));
        }
        nodes.print(out);
    }

    private static String state(RolloutStatus status) {
        return status.state() + (status.allAtOnce() ? " (all at once)" : "");
    }

    private static String progress(RolloutStatus status) {
        List<String> parts = new ArrayList<>();
        parts.add("control planes " + status.controlPlanes());
        parts.add("workers " + status.workers());
        return String.join(", ", parts);
    }
}
