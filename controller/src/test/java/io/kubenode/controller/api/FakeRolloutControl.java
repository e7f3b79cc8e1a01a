package io.kubenode.controller.api;

import io.kubenode.controller.rollout.RolloutControl;
import io.kubenode.controller.rollout.RolloutStatus;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The rollout as the API acts on it, in memory: route and CLI tests set the status it shows and the outcome the next
 * actions get, and read back every call with who made it ({@link #calls}: "pause alice: the reason", "resume alice",
 * "undo alice"). Without a set outcome an action answers {@code Done} with the status, or {@code NoRollout} without
 * one, as the real control would.
 */
public final class FakeRolloutControl implements RolloutControl {
    private final AtomicReference<RolloutStatus> status = new AtomicReference<>();
    private final AtomicReference<Outcome> outcome = new AtomicReference<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public Optional<RolloutStatus> status() {
        return Optional.ofNullable(status.get());
    }

    @Override
    public Outcome pause(String who, String reason) {
        calls.add("pause " + who + ": " + reason);
        return outcome();
    }

    @Override
    public Outcome resume(String who) {
        calls.add("resume " + who);
        return outcome();
    }

    @Override
    public Outcome undo(String who) {
        calls.add("undo " + who);
        return outcome();
    }

    private Outcome outcome() {
        Outcome set = outcome.get();
        if (set != null) {
            return set;
        }
        RolloutStatus current = status.get();
        return current == null ? new Outcome.NoRollout("no rollout yet") : new Outcome.Done(current);
    }

    /** The status shown (null: no rollout); clears a set outcome and the calls. */
    public void set(RolloutStatus next) {
        status.set(next);
        outcome.set(null);
        calls.clear();
    }

    /** What every following action answers (null: the default above). */
    public void answer(Outcome next) {
        outcome.set(next);
    }

    public List<String> calls() {
        return List.copyOf(calls);
    }

    /**
     * Revision 7 rolling from 6 on the example's five nodes: node1 done, node2 released and waiting for its gate,
     * node3 pending (holding revision 6), the workers pending, node5 untouched by the change.
     */
    public static RolloutStatus rolling() {
        return new RolloutStatus(7, 6, RolloutStatus.ROLLING, null, null, false, "2026-12-04T10:00:00Z", "1/3",
                "0/1", List.of(
                new RolloutStatus.Node("node1.internal", "control-plane", true, List.of("service:haproxy"), "Done", 7,
                        "2026-12-04T10:01:00Z", null),
                new RolloutStatus.Node("node2.internal", "control-plane", true, List.of("service:haproxy"),
                        "Released", 7, "2026-12-04T10:01:30Z", "waiting for apiserver /readyz"),
                new RolloutStatus.Node("node3.internal", "control-plane", true, List.of("service:haproxy"),
                        "Pending", 6, "2026-12-04T10:00:00Z", null),
                new RolloutStatus.Node("node4.internal", "worker", true, List.of("service:kubelet"), "Pending", 6,
                        "2026-12-04T10:00:00Z", null),
                new RolloutStatus.Node("node5.internal", "worker", false, List.of(), "Done", 7,
                        "2026-12-04T10:00:00Z", null)));
    }

    /** {@link #rolling()} stopped by alice. */
    public static RolloutStatus pausedByAlice() {
        RolloutStatus rolling = rolling();
        return new RolloutStatus(rolling.revision(), rolling.fromRevision(), RolloutStatus.PAUSED,
                "waiting for the change window", "alice", false, rolling.startedAt(), rolling.controlPlanes(),
                rolling.workers(), rolling.nodes());
    }

    public static RolloutStatus complete() {
        RolloutStatus rolling = rolling();
        return new RolloutStatus(rolling.revision(), rolling.fromRevision(), RolloutStatus.COMPLETE, null, null, false,
                rolling.startedAt(), "3/3", "1/1", rolling.nodes());
    }
}
