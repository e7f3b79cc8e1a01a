package io.kubenode.controller.cli.admin;

import io.kubenode.common.cli.CommandLines;
import io.kubenode.common.status.NodeSummary;
import io.kubenode.controller.client.ControllerApi;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * {@code get nodes -w}: polls every second; the first answer prints the table with its header, later ones only the
 * rows that changed (a node's age alone is no change). A controller that cannot be reached is reported once and
 * polled again; an error answer ends the watch.
 */
final class NodeWatch {

    private final ControllerApi api;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean wide;
    private final boolean untilConverged;
    private final Duration timeout;
    private final Map<String, NodeSummary> shown = new HashMap<>();
    private int[] widths;
    private List<NodeSummary> nodes = List.of();

    NodeWatch(ControllerApi api, PrintWriter out, PrintWriter err, boolean wide, boolean untilConverged,
              Duration timeout) {
        this.api = api;
        this.out = out;
        this.err = err;
        this.wide = wide;
        this.untilConverged = untilConverged;
        this.timeout = timeout;
    }

    int run() {
        return PollingLoop.run(timeout, err, this::poll, () -> timedOut(nodes));
    }

    private OptionalInt poll() {
        nodes = api.nodes();
        show(nodes);
        if (untilConverged && allConverged(nodes)) {
            out.println("every node converged at its desired generation");
            return OptionalInt.of(CommandLines.OK);
        }
        return OptionalInt.empty();
    }

    private void show(List<NodeSummary> nodes) {
        Instant now = Instant.now();
        if (widths == null) {
            Table table = NodeTable.table(nodes, wide, now);
            widths = table.widths();
            table.print(out);
        } else {
            for (NodeSummary node : nodes) {
                if (!sameButAge(shown.get(node.name()), node)) {
                    out.println(Table.line(NodeTable.row(node, wide, now), widths));
                }
            }
        }
        nodes.forEach(node -> shown.put(node.name(), node));
        out.flush();
    }

    private int timedOut(List<NodeSummary> nodes) {
        if (!untilConverged) {
            return CommandLines.OK;
        }
        Instant now = Instant.now();
        List<NodeSummary> named = nodes.stream().filter(node -> node.role() != null).toList();
        String pending = named.isEmpty() ? "the cluster document names no node yet"
                : "not converged: " + named.stream().filter(node -> !NodeTable.convergedAtDesired(node))
                .map(node -> NodeTable.pending(node, now)).collect(Collectors.joining(", "));
        err.println("error: timed out after " + Durations.format(timeout) + " waiting for the nodes to converge; "
                + pending);
        return CommandLines.FAILED;
    }

    static boolean allConverged(List<NodeSummary> nodes) {
        List<NodeSummary> named = nodes.stream().filter(node -> node.role() != null).toList();
        return !named.isEmpty() && named.stream().allMatch(NodeTable::convergedAtDesired);
    }

    /** Equal but for lastSeen, unless the node was never seen before: a report alone is no change worth a line. */
    private static boolean sameButAge(NodeSummary before, NodeSummary now) {
        if (before == null || (before.lastSeen() == null) != (now.lastSeen() == null)) {
            return false;
        }
        return new NodeSummary(before.name(), before.role(), before.address(), before.converged(),
                before.appliedGeneration(), before.desiredGeneration(), before.failed(), now.lastSeen(),
                before.enrolled(), before.revoked(), before.certificateExpires(), before.phase()).equals(now);
    }
}
