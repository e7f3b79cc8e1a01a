package io.kubenode.controller.cli.admin;

import io.kubenode.common.status.NodeSummary;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of {@code get nodes}: one per node, the wide form adds enrollment and certificate columns. PHASE is the
 * node's orchestration phase, "-" before the orchestrator decided anything about it.
 */
final class NodeTable {
    private static final List<String> HEADERS = List.of("NAME", "ROLE", "PHASE", "ADDRESS", "CONVERGED", "GENERATION",
            "FAILED", "LAST-SEEN");
    private static final List<String> WIDE_HEADERS = List.of("ENROLLED", "REVOKED", "CERT-EXPIRES");

    private NodeTable() {
    }

    static List<String> headers(boolean wide) {
        List<String> headers = new ArrayList<>(HEADERS);
        if (wide) {
            headers.addAll(WIDE_HEADERS);
        }
        return headers;
    }

    static Table table(List<NodeSummary> nodes, boolean wide, Instant now) {
        Table table = new Table(headers(wide));
        nodes.forEach(node -> table.row(row(node, wide, now)));
        return table;
    }

    static List<String> row(NodeSummary node, boolean wide, Instant now) {
        List<String> cells = new ArrayList<>(List.of(node.name(), orNone(node.role()),
                node.phase() == null ? "-" : node.phase(), orNone(node.address()),
                node.converged() ? "True" : "False", node.appliedGeneration() + "/" + node.desiredGeneration(),
                Integer.toString(node.failed()), Ages.age(node.lastSeen(), now)));
        if (wide) {
            cells.addAll(List.of(yesNo(node.enrolled()), yesNo(node.revoked()), Ages.instant(node.certificateExpires())));
        }
        return cells;
    }

    /**
     * True when the node is named by the cluster document (it has a role) and its agent converged at the desired
     * generation.
     */
    static boolean convergedAtDesired(NodeSummary node) {
        return node.role() != null && node.converged() && node.desiredGeneration() > 0
                && node.appliedGeneration() == node.desiredGeneration();
    }

    /** "node2.internal (applied 1/desired 2, 3 failed, last seen 5m ago)": why a node is not there yet. */
    static String pending(NodeSummary node, Instant now) {
        String seen = node.lastSeen() == null ? "never seen" : "last seen " + Ages.age(node.lastSeen(), now) + " ago";
        return node.name() + " (applied " + node.appliedGeneration() + "/desired " + node.desiredGeneration()
                + (node.converged() ? "" : ", not converged") + (node.failed() > 0 ? ", " + node.failed() + " failed" : "")
                + ", " + seen + ")";
    }

    private static String orNone(String value) {
        return value == null ? Ages.NONE : value;
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }
}
