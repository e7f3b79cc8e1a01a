package io.kubenode.controller.cli.admin;

import io.kubenode.controller.client.ClusterApplied;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What apply, edit and rollback print once the controller stored a document: the version and moved catalogs. */
final class StoredReport {
    private StoredReport() {
    }

    /** The version and catalogs to {@code out}; the controller's warnings to {@code err}, where a person sees them. */
    static void print(PrintWriter out, PrintWriter err, String firstLine, ClusterApplied applied) {
        out.println(firstLine);
        applied.warnings().forEach(err::println);
        List<Map.Entry<String, ClusterApplied.NodeGeneration>> nodes = List.copyOf(applied.nodes().entrySet());
        String changed = nodes.stream().filter(node -> node.getValue().changed())
                .map(node -> node.getKey() + " (generation " + node.getValue().generation() + ")")
                .collect(Collectors.joining(", "));
        String unchanged = nodes.stream().filter(node -> !node.getValue().changed()).map(Map.Entry::getKey)
                .collect(Collectors.joining(", "));
        if (!changed.isEmpty()) {
            out.println("catalogs changed: " + changed);
        }
        if (!unchanged.isEmpty()) {
            out.println("catalogs unchanged: " + unchanged);
        }
    }
}
