package io.kubenode.controller.rollout;

import java.util.Collections;
import java.util.LinkedHashMap;
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

    public RolloutRecord withPausedBy(String pausedBy) {
        return new RolloutRecord(revision, fromRevision, startedAt, pausedBy, allAtOnce, nodes);
    }

    public RolloutRecord withNodes(Map<String, RolloutNodeRecord> nodes) {
        return new RolloutRecord(revision, fromRevision, startedAt, pausedBy, allAtOnce, nodes);
    }
}
