package io.kubenode.controller.rollout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The durable state of the newest revision's rollout, kept in the orchestration record (so it is written in the same
 * transaction as the catalogs it holds back or releases). {@code revision}: the cluster revision rolling out;
 * {@code fromRevision}: the one in force before it (what {@code rollout undo} puts back). {@code pausedBy}: who
 * paused it by hand and why ("alice: waiting for the change window"), null when not paused by a person (a failed node
 * pauses it too: see {@link RolloutNodeRecord}). {@code allAtOnce}: stored with {@code --all-at-once}: nothing held.
 * {@code nodes}: every node of the revision, in document order.
 */
public record RolloutRecord(long revision, long fromRevision, String startedAt, String pausedBy, boolean allAtOnce,
                            Map<String, RolloutNodeRecord> nodes) {

    public RolloutRecord {
        nodes = nodes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
    }

    public RolloutNodeRecord node(String name) {
        return nodes.get(name);
    }

    /** The revision whose document {@code node}'s catalog is compiled from: its held one while pending. */
    public long documentRevisionOf(String name) {
        RolloutNodeRecord node = nodes.get(name);
        return node == null || node.heldRevision() == null ? revision : node.heldRevision();
    }

    /** The revision {@code name} is held on, or null when it has the rollout's revision (or there is no rollout). */
    public static Long heldRevision(RolloutRecord rollout, String name) {
        RolloutNodeRecord node = rollout == null ? null : rollout.nodes.get(name);
        return node == null ? null : node.heldRevision();
    }

    /** Nodes whose catalog input differs between two rollout states: held on another revision, or released. */
    public static Set<String> nodesWhoseHoldDiffers(RolloutRecord before, RolloutRecord after) {
        Set<String> names = new TreeSet<>();
        if (before != null) {
            names.addAll(before.nodes.keySet());
        }
        if (after != null) {
            names.addAll(after.nodes.keySet());
        }
        names.removeIf(name -> Objects.equals(heldRevision(before, name), heldRevision(after, name)));
        return names;
    }

    /** A worker a control plane's agent cordons and drains ({@code drained}) or uncordons. */
    public record Drain(String worker, boolean drained) {
    }

    /** What the control plane {@code executor}'s catalog must do about drains now, in document order. */
    public static List<Drain> drainsBy(RolloutRecord rollout, String executor) {
        if (rollout == null) {
            return List.of();
        }
        List<Drain> drains = new ArrayList<>();
        rollout.nodes.forEach((name, node) -> {
            if (executor.equals(node.drainedBy()) && (node.state() == RolloutNode.State.DRAINING
                    || node.state() == RolloutNode.State.UNCORDONING)) {
                drains.add(new Drain(name, node.state() == RolloutNode.State.DRAINING));
            }
        });
        return drains;
    }

    /** The control planes whose drains differ between two rollout states (their catalogs change). */
    public static Set<String> executorsWhoseDrainsDiffer(RolloutRecord before, RolloutRecord after) {
        Set<String> executors = new TreeSet<>();
        for (RolloutRecord rollout : java.util.Arrays.asList(before, after)) {
            if (rollout != null) {
                rollout.nodes.values().stream().map(RolloutNodeRecord::drainedBy).filter(Objects::nonNull)
                        .forEach(executors::add);
            }
        }
        executors.removeIf(executor -> drainsBy(before, executor).equals(drainsBy(after, executor)));
        return executors;
    }

    public RolloutRecord withPausedBy(String pausedBy) {
        return new RolloutRecord(revision, fromRevision, startedAt, pausedBy, allAtOnce, nodes);
    }

    public RolloutRecord withNodes(Map<String, RolloutNodeRecord> nodes) {
        return new RolloutRecord(revision, fromRevision, startedAt, pausedBy, allAtOnce, nodes);
    }
}
