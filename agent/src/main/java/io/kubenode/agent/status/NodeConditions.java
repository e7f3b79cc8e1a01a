package io.kubenode.agent.status;

import io.kubenode.agent.engine.Report;
import io.kubenode.agent.policy.AgentPolicy;
import io.kubenode.agent.engine.ResourceReport;
import io.kubenode.common.status.Condition;
import io.kubenode.common.validation.Problem;

import java.util.List;
import java.util.Map;

/**
 * The two conditions a node reports, from what the agent knows (pure): Converged (did the last pass leave the host
 * matching the newest catalog?) and CatalogAccepted (was the newest catalog refused whole, or did the agent policy
 * refuse some of its resources?). Transition times are added by {@link NodeStatusBuilder}.
 */
final class NodeConditions {
    private static final int MAX_MESSAGE = 1024;
    private static final int MAX_IDS = 5;

    private NodeConditions() {
    }

    /** A catalog refused whole: its generation (-1 when unknown) and every reason. */
    record Refusal(long generation, List<Problem> problems) {
        Refusal {
            problems = List.copyOf(problems);
        }
    }

    static Condition converged(long observedGeneration, Report last) {
        if (last == null) {
            return condition(Condition.CONVERGED, Condition.UNKNOWN, "NoPassYet", "no apply pass has run yet");
        }
        if (last.generation() < observedGeneration) {
            return condition(Condition.CONVERGED, Condition.FALSE, "NewCatalogPending", "generation "
                    + observedGeneration + " received; the last pass ran generation " + last.generation());
        }
        if (last.hostMatchesCatalog()) {
            return condition(Condition.CONVERGED, Condition.TRUE, "Converged", "the host matches generation "
                    + last.generation());
        }
        if (last.failed()) {
            List<String> failed = idsIn(last, "failed");
            return condition(Condition.CONVERGED, Condition.FALSE, "ResourcesFailed", failed.size()
                    + " resources failed: " + summary(failed));
        }
        Map<String, Integer> counts = last.counts();
        return condition(Condition.CONVERGED, Condition.FALSE, "NotConverged", counts.get("not_ready")
                + " resources not ready, " + counts.get("skipped") + " skipped");
    }

    /** Not converged while a resource's apply runs (an interim status during a long kubeadm step). */
    static Condition running(String message) {
        return condition(Condition.CONVERGED, Condition.FALSE, "ResourceRunning", message);
    }

    static Condition catalogAccepted(long observedGeneration, Refusal refusal, Report last) {
        if (refusal != null) {
            String refused = refusal.generation() >= 0 ? "generation " + refusal.generation() : "a catalog";
            return condition(Condition.CATALOG_ACCEPTED, Condition.FALSE, reasonOf(refusal.problems()), refused
                    + " refused whole, generation " + observedGeneration + " stays in force: " + String.join("; ",
                    refusal.problems().stream().map(Problem::render).toList()));
        }
        List<String> refusedByPolicy = last == null ? List.of() : last.resources().stream()
                .filter(resource -> resource.message() != null && resource.message().startsWith(AgentPolicy.REFUSED))
                .map(ResourceReport::id).toList();
        if (!refusedByPolicy.isEmpty()) {
            return condition(Condition.CATALOG_ACCEPTED, Condition.FALSE, "AgentPolicy", refusedByPolicy.size()
                    + " resources refused by this node's agent policy (field checks, agent.yaml writablePaths, "
                    + "validateCommands, sysctlPrefixes): " + summary(refusedByPolicy));
        }
        if (observedGeneration <= 0 && last == null) {
            return condition(Condition.CATALOG_ACCEPTED, Condition.UNKNOWN, "NoCatalog", "no catalog yet");
        }
        long generation = last != null ? Math.max(observedGeneration, last.generation()) : observedGeneration;
        return condition(Condition.CATALOG_ACCEPTED, Condition.TRUE, "Accepted", "generation " + generation
                + " in force");
    }

    private static String reasonOf(List<Problem> problems) {
        for (Problem problem : problems) {
            if (problem.path().equals("metadata.contentHash")) {
                return "ContentHashMismatch";
            }
            if (problem.path().equals("metadata.node")) {
                return "WrongNode";
            }
        }
        return "Invalid";
    }

    private static List<String> idsIn(Report report, String state) {
        return report.resources().stream().filter(resource -> resource.state().equals(state))
                .map(ResourceReport::id).toList();
    }

    private static String summary(List<String> ids) {
        String shown = String.join(", ", ids.subList(0, Math.min(MAX_IDS, ids.size())));
        return ids.size() > MAX_IDS ? shown + " and " + (ids.size() - MAX_IDS) + " more" : shown;
    }

    private static Condition condition(String type, String status, String reason, String message) {
        String bounded = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 3) + "..." : message;
        return new Condition(type, status, reason, bounded, null);
    }
}
