package io.kubenode.controller.rollout;

import io.kubenode.controller.catalog.ClusterCatalogs;
import io.kubenode.controller.catalog.CompiledCluster;
import io.kubenode.controller.orchestration.OrchestrationEvent;
import io.kubenode.controller.orchestration.OrchestrationRecord;
import io.kubenode.controller.store.ClusterPut;
import io.kubenode.controller.store.ClusterRevision;
import io.kubenode.controller.store.Store;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rollout controls on the record in force: pause and resume rewrite the rollout in the orchestration record
 * (under the catalogs' lock, so no decision slips between the read and the write) with an audit row naming the
 * person; undo stores the rollout's previous revision again through the ordinary cluster put. Each asks the
 * orchestrator for a decision afterwards, which moves the rollout on.
 */
public final class Rollouts implements RolloutControl {
    private final ClusterCatalogs catalogs;
    private final Store store;
    private final Clock clock;
    private final Runnable decideSoon;

    public Rollouts(ClusterCatalogs catalogs, Store store, Clock clock, Runnable decideSoon) {
        this.catalogs = catalogs;
        this.store = store;
        this.clock = clock;
        this.decideSoon = decideSoon;
    }

    @Override
    public Optional<RolloutStatus> status() {
        return catalogs.orchestration().map(OrchestrationRecord::rollout).map(RolloutStatus::of);
    }

    @Override
    public Outcome pause(String who, String reason) {
        Outcome outcome = catalogs.exclusively(() -> {
            Optional<OrchestrationRecord> record = catalogs.orchestration();
            RolloutRecord rollout = record.map(OrchestrationRecord::rollout).orElse(null);
            if (rollout == null) {
                return noRollout();
            }
            RolloutStatus status = RolloutStatus.of(rollout);
            if (status.state().equals(RolloutStatus.COMPLETE)) {
                return new Outcome.Refused("revision " + rollout.revision() + " is rolled out on every node: "
                        + "nothing to pause");
            }
            if (rollout.pausedBy() != null) {
                return new Outcome.Refused("the rollout of revision " + rollout.revision() + " is already paused by "
                        + rollout.pausedBy());
            }
            String pausedBy = who + (reason == null || reason.isBlank() ? "" : ": " + reason.strip());
            RolloutRecord next = rollout.withPausedBy(pausedBy);
            catalogs.recordOrchestration(store, record.get().withRollout(next), Set.of(), List.of(
                    new OrchestrationEvent("rollout.pause", null, null, "revision " + rollout.revision()
                            + (reason == null || reason.isBlank() ? "" : ": " + reason.strip()), who)));
            return new Outcome.Done(RolloutStatus.of(next));
        });
        decideSoon.run();
        return outcome;
    }

    @Override
    public Outcome resume(String who) {
        Outcome outcome = catalogs.exclusively(() -> {
            Optional<OrchestrationRecord> record = catalogs.orchestration();
            RolloutRecord rollout = record.map(OrchestrationRecord::rollout).orElse(null);
            if (rollout == null) {
                return noRollout();
            }
            if (!RolloutStatus.of(rollout).state().equals(RolloutStatus.PAUSED)) {
                return new Outcome.Refused("the rollout of revision " + rollout.revision() + " is not paused");
            }
            // A failed node is released again with its health timeout afresh from now; one that failed while it
            // was drained (it still holds its previous catalog) is drained again first.
            String now = clock.instant().toString();
            Map<String, RolloutNodeRecord> nodes = new LinkedHashMap<>();
            rollout.nodes().forEach((name, node) -> nodes.put(name, node.state() == RolloutNode.State.FAILED
                    ? releasedAgain(node, who, now) : node));
            RolloutRecord next = rollout.withPausedBy(null).withNodes(nodes);
            catalogs.recordOrchestration(store, record.get().withRollout(next), Set.of(), List.of(
                    new OrchestrationEvent("rollout.resume", null, null, "revision " + rollout.revision(), who)));
            return new Outcome.Done(RolloutStatus.of(next));
        });
        decideSoon.run();
        return outcome;
    }

    @Override
    public Outcome undo(String who) {
        RolloutRecord rollout = catalogs.orchestration().map(OrchestrationRecord::rollout).orElse(null);
        if (rollout == null) {
            return noRollout();
        }
        long from = rollout.fromRevision();
        Optional<ClusterRevision> previous = store.clusterRevision(from);
        if (previous.isEmpty()) {
            return new Outcome.NotStored(null, "revision " + from + " is not in the store");
        }
        String text = previous.get().text();
        ClusterCatalogs.Checked checked = catalogs.check(text.getBytes(StandardCharsets.UTF_8));
        if (checked instanceof ClusterCatalogs.Checked.Invalid invalid) {
            return new Outcome.NotStored(null, "revision " + from + " no longer compiles: "
                    + String.join("; ", invalid.problems()));
        }
        CompiledCluster compiled = ((ClusterCatalogs.Checked.Valid) checked).compiled();
        ClusterCatalogs.Put put = catalogs.put(store, text, rollout.revision(), who, "rollout undo: revision " + from
                + " stored again", compiled, false);
        if (put.result() instanceof ClusterPut.Conflict conflict) {
            return new Outcome.NotStored(conflict, "the cluster document changed meanwhile (now at revision "
                    + conflict.currentVersion() + "); undo rolls back the newest revision only: run "
                    + "'kubenodectl rollout status' and try again");
        }
        return status().<Outcome>map(Outcome.Done::new).orElseGet(Rollouts::noRollout);
    }

    private static RolloutNodeRecord releasedAgain(RolloutNodeRecord node, String who, String now) {
        boolean notDrained = node.heldRevision() != null && node.drainedBy() != null;
        return node.with(notDrained ? RolloutNode.State.DRAINING : RolloutNode.State.RELEASED,
                notDrained ? node.heldRevision() : null, now, "released again by " + who + " (was: "
                        + node.message() + ")");
    }

    private static Outcome noRollout() {
        return new Outcome.NoRollout("no rollout yet: a revision rolls out when it changes a cluster that has "
                + "catalogs (kubenodectl apply -f FILE)");
    }
}
