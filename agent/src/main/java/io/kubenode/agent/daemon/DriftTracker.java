package io.kubenode.agent.daemon;

import io.kubenode.agent.engine.Report;
import io.kubenode.agent.engine.ResourceReport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Drift: a resource that was in sync after the previous pass (found so, or changed successfully), under the same
 * catalog content, and that this pass had to change. A change after a new catalog is the catalog's doing, not drift.
 */
final class DriftTracker {
    private final Map<String, String> previousStates = new HashMap<>();
    private String previousContentHash;

    /** The types of the resources this pass corrected for drift, one entry per resource. */
    List<String> drifted(Report report) {
        List<String> types = new ArrayList<>();
        boolean sameCatalog = report.contentHash().equals(previousContentHash);
        for (ResourceReport resource : report.resources()) {
            String before = previousStates.get(resource.id());
            // Changed successfully by the previous pass means in sync after it.
            if (sameCatalog && resource.state().equals("changed")
                    && ("in_sync".equals(before) || "changed".equals(before))) {
                types.add(resource.type());
            }
        }
        previousStates.clear();
        report.resources().forEach(resource -> previousStates.put(resource.id(), resource.state()));
        previousContentHash = report.contentHash();
        return types;
    }
}
