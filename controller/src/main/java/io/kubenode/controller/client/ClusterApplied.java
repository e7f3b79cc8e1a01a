package io.kubenode.controller.client;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The answer to a stored cluster document: its resourceVersion and, per node it names, the catalog generation and
 * whether this document changed it; {@code warnings}: what storing it does that the person should know ("path:
 * warning: message"). A controller that does not report nodes or warnings leaves them empty.
 */
public record ClusterApplied(long resourceVersion, Map<String, NodeGeneration> nodes, List<String> warnings) {
    public ClusterApplied {
        nodes = nodes == null ? Map.of() : new TreeMap<>(nodes);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public record NodeGeneration(long generation, boolean changed) {
    }
}
