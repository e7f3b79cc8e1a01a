package io.kubenode.agent.status;

import io.kubenode.agent.engine.Report;
import io.kubenode.agent.engine.RunningResource;
import io.kubenode.common.status.Condition;
import io.kubenode.common.status.Facts;
import io.kubenode.common.status.MetricsEndpoint;
import io.kubenode.common.status.NodeStatus;
import io.kubenode.common.status.ResourceStatus;
import io.kubenode.common.validation.Problem;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the agent knows about its node, turned into a {@link NodeStatus}: the newest catalog held, the last pass,
 * the last refusal. Keeps each condition's last transition time (it moves only when the status changes). Not
 * thread-safe: the reporter calls it under its lock.
 */
final class NodeStatusBuilder {
    private final String node;
    private final boolean sandbox;
    private final Map<String, Condition> previous = new HashMap<>();
    private long observedGeneration;
    private String contentHash;
    private Report last;
    private NodeConditions.Refusal refusal;
    private RunningResource running;
    private MetricsEndpoint metrics;

    NodeStatusBuilder(String node, boolean sandbox) {
        this.node = node;
        this.sandbox = sandbox;
    }

    void catalogAccepted(long generation, String hash) {
        observedGeneration = Math.max(observedGeneration, generation);
        contentHash = hash;
        refusal = null;
    }

    /** Where this agent's metrics server listens, reported with every status from now on. */
    void metricsEndpoint(MetricsEndpoint endpoint) {
        metrics = endpoint;
    }

    void catalogRefused(long generation, List<Problem> problems) {
        refusal = new NodeConditions.Refusal(generation, problems);
    }

    /** A resource's apply is under way; the next pass's report ends it. */
    void running(RunningResource resource) {
        running = resource;
    }

    void passCompleted(Report report) {
        running = null;
        last = report;
        if (report.generation() >= observedGeneration) {
            observedGeneration = report.generation();
            contentHash = report.contentHash();
        }
    }

    /** The status as of {@code now}; facts are added when it is sent (collecting them is not for the pass thread). */
    NodeStatus build(Instant now) {
        Condition converged = track(running != null ? NodeConditions.running(running.message(now))
                : NodeConditions.converged(observedGeneration, last), now);
        Condition accepted = track(NodeConditions.catalogAccepted(observedGeneration, refusal, last), now);
        List<ResourceStatus> resources = last == null ? List.of() : last.resources().stream().map(resource ->
                new ResourceStatus(resource.id(), resource.type(), resource.state(), resource.changes(),
                        resource.message())).toList();
        return new NodeStatus(node, observedGeneration,
                last != null && Report.APPLY.equals(last.mode()) ? last.generation() : 0,
                contentHash, Condition.TRUE.equals(converged.status()), sandbox, now.toString(),
                last == null ? null : new NodeStatus.LastPass(last.started(), last.durationMillis(), last.mode()),
                last == null ? Map.of() : last.counts(),
                running == null ? resources : withRunning(resources, running, now),
                List.of(converged, accepted), null, metrics);
    }

    /**
     * The last pass's resources with the running one replaced (or added, when it is new in this catalog) by its
     * running state. appliedGeneration stays the last finished pass's: a running step has not applied anything yet.
     */
    private static List<ResourceStatus> withRunning(List<ResourceStatus> resources, RunningResource running,
                                                    Instant now) {
        ResourceStatus status = new ResourceStatus(running.id(), running.type(), ResourceStatus.RUNNING, List.of(),
                running.message(now));
        List<ResourceStatus> result = new ArrayList<>();
        boolean replaced = false;
        for (ResourceStatus resource : resources) {
            if (resource.id().equals(running.id())) {
                result.add(status);
                replaced = true;
            } else {
                result.add(resource);
            }
        }
        if (!replaced) {
            result.add(status);
        }
        return result;
    }

    /** A copy of the status with the facts and the time it is sent at. */
    static NodeStatus sending(NodeStatus status, Instant now, Facts facts) {
        return new NodeStatus(status.node(), status.observedGeneration(), status.appliedGeneration(),
                status.contentHash(), status.converged(), status.sandbox(), now.toString(), status.lastPass(),
                status.counts(), status.resources(), status.conditions(), facts, status.metrics());
    }

    private Condition track(Condition current, Instant now) {
        Condition before = previous.get(current.type());
        String since = before != null && before.status().equals(current.status()) ? before.lastTransitionTime()
                : now.toString();
        Condition tracked = new Condition(current.type(), current.status(), current.reason(), current.message(), since);
        previous.put(current.type(), tracked);
        return tracked;
    }
}
