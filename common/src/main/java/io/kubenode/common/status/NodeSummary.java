package io.kubenode.common.status;

/**
 * One row of {@code GET /api/v1/nodes}: a node named by the cluster document, enrolled, or reporting.
 * {@code role} and {@code address} come from the cluster document (null for a node it does not name);
 * {@code appliedGeneration} from the node's last status (0 before any), {@code desiredGeneration} from its compiled
 * catalog (0 when the document does not name it); {@code lastSeen} is when its last status arrived (ISO-8601, null
 * before any). {@code certificateExpires} is the notAfter of its newest unrevoked certificate. {@code phase} is its
 * place in the orchestration (Pending, Preparing, PreflightFailed, Joining, Joined, Ready, Failed), null before the
 * orchestrator decided anything about it.
 */
public record NodeSummary(
        String name,
        String role,
        String address,
        boolean converged,
        long appliedGeneration,
        long desiredGeneration,
        int failed,
        String lastSeen,
        boolean enrolled,
        boolean revoked,
        String certificateExpires,
        String phase) {

    public NodeSummary withPhase(String orchestrationPhase) {
        return new NodeSummary(name, role, address, converged, appliedGeneration, desiredGeneration, failed, lastSeen,
                enrolled, revoked, certificateExpires, orchestrationPhase);
    }
}
