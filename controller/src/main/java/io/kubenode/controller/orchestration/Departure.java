package io.kubenode.controller.orchestration;

import io.kubenode.common.cluster.NodeSpec;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A joined node that a revision removed from the document, on its way out of the cluster (day-2 removal), kept in the
 * orchestration record until it is gone. {@code node}: its entry as the last revision that named it had it (its
 * catalog keeps being compiled from that revision, {@code revision}); {@code executor}: the joined control plane whose
 * agent drains it, removes its etcd member and deletes its Node object; {@code step}: where it is; {@code message}:
 * what the step waits for or why it failed (never a secret); {@code forgottenBy}: who declared the node gone for good
 * (nothing can run on it: its drain and its reset are skipped), null otherwise. Times are ISO-8601 instants.
 */
public record Departure(NodeSpec node, long revision, String requestedAt, DepartureStep step, String stepSince,
                        String executor, String message, String forgottenBy) {

    public Departure {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(step, "step");
    }

    /** A departure of a node that is still there to be drained and reset. */
    public Departure(NodeSpec node, long revision, String requestedAt, DepartureStep step, String stepSince,
                     String executor, String message) {
        this(node, revision, requestedAt, step, stepSince, executor, message, null);
    }

    public String name() {
        return node.name();
    }

    public Departure at(DepartureStep next, String now, String nextMessage) {
        return new Departure(node, revision, requestedAt, next, step == next ? stepSince : now, executor, nextMessage,
                forgottenBy);
    }

    public Departure withExecutor(String next) {
        return new Departure(node, revision, requestedAt, step, stepSince, next, message, forgottenBy);
    }

    public Departure withMessage(String next) {
        return new Departure(node, revision, requestedAt, step, stepSince, executor, next, forgottenBy);
    }

    public Departure forgottenBy(String who) {
        return new Departure(node, revision, requestedAt, step, stepSince, executor, message, who);
    }

    /** Whether this step needs the node itself (its kubelet for the drain, its agent for the reset). */
    public boolean skipsStep() {
        return forgottenBy != null && (step == DepartureStep.Draining || step == DepartureStep.Resetting);
    }

    /**
     * The nodes whose catalog input differs between two sets of departures: a departing node whose step moved into or
     * out of its own part, and every executor whose part changed.
     */
    public static Set<String> nodesWhoseDeparturesDiffer(Map<String, Departure> before, Map<String, Departure> after) {
        Set<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        Set<String> differ = new TreeSet<>();
        for (String name : names) {
            Departure was = before.get(name);
            Departure now = after.get(name);
            if (Objects.equals(was, now)) {
                continue;
            }
            if (was == null || now == null || was.step() != now.step() || !Objects.equals(was.executor(),
                    now.executor())) {
                differ.add(name);
                if (was != null && was.executor() != null) {
                    differ.add(was.executor());
                }
                if (now != null && now.executor() != null) {
                    differ.add(now.executor());
                }
            }
        }
        return differ;
    }
}
