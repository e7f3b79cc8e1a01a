package io.kubenode.controller.api;

import io.kubenode.common.status.Condition;
import io.kubenode.common.status.NodeStatus;
import io.kubenode.common.status.ResourceStatus;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What a node's status must satisfy beyond its JSON shape, as "path: message" lines. Pure. */
final class StatusChecks {
    static final int MAX_RESOURCES = 5000;
    private static final Set<String> STATES = Set.of("in_sync", "changed", "failed", "skipped", "not_ready",
            ResourceStatus.RUNNING);
    private static final Set<String> CONDITION_STATUSES = Set.of(Condition.TRUE, Condition.FALSE, Condition.UNKNOWN);

    private StatusChecks() {
    }

    static List<String> problems(NodeStatus status, String node) {
        List<String> problems = new ArrayList<>();
        if (!node.equals(status.node())) {
            problems.add("node: expected " + node + " (the node in the path), got " + status.node());
        }
        if (status.observedGeneration() < 0) {
            problems.add("observedGeneration: expected 0 or more, got " + status.observedGeneration());
        }
        if (status.appliedGeneration() < 0) {
            problems.add("appliedGeneration: expected 0 or more, got " + status.appliedGeneration());
        }
        checkInstant(problems, "reportedAt", status.reportedAt(), true);
        if (status.resources().size() > MAX_RESOURCES) {
            problems.add("resources: expected at most " + MAX_RESOURCES + " entries, got " + status.resources().size());
        }
        for (int i = 0; i < status.resources().size(); i++) {
            ResourceStatus resource = status.resources().get(i);
            if (resource == null || resource.id() == null || !STATES.contains(resource.state())) {
                problems.add("resources[" + i + "]: expected an id and a state of " + STATES);
            }
        }
        for (int i = 0; i < status.conditions().size(); i++) {
            Condition condition = status.conditions().get(i);
            if (condition == null || condition.type() == null || !CONDITION_STATUSES.contains(condition.status())) {
                problems.add("conditions[" + i + "]: expected a type and a status of " + CONDITION_STATUSES);
            } else {
                checkInstant(problems, "conditions[" + i + "].lastTransitionTime", condition.lastTransitionTime(),
                        false);
            }
        }
        return problems;
    }

    private static void checkInstant(List<String> problems, String path, String value, boolean required) {
        if (value == null) {
            if (required) {
                problems.add(path + ": required (an ISO-8601 instant)");
            }
            return;
        }
        try {
            Instant.parse(value);
        } catch (DateTimeParseException e) {
            problems.add(path + ": expected an ISO-8601 instant, got " + value);
        }
    }
}
