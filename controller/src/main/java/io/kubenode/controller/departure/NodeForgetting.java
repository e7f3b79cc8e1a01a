package io.kubenode.controller.departure;

import io.kubenode.controller.catalog.ClusterCatalogs;
import io.kubenode.controller.node.Revocations;
import io.kubenode.controller.orchestration.Departure;
import io.kubenode.controller.orchestration.OrchestrationEvent;
import io.kubenode.controller.orchestration.OrchestrationRecord;
import io.kubenode.controller.store.Store;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code kubenodectl node forget}: a node leaving the cluster that is gone for good (a dead disk, a host that will
 * not come back). Its departure skips the steps that need the node itself (the drain, which a dead kubelet never
 * completes, and the reset, which its agent cannot run); the member and the Node object are still removed from a
 * remaining control plane. Its certificates are revoked in the same call, so the host cannot come back with them.
 * Audited as {@code orchestration.departure.forget} with who did it. Blocking (store writes): call on a worker.
 */
public final class NodeForgetting {
    private final ClusterCatalogs catalogs;
    private final Store store;
    private final Revocations revocations;
    private final Runnable decideSoon;

    public NodeForgetting(ClusterCatalogs catalogs, Store store, Revocations revocations, Runnable decideSoon) {
        this.catalogs = catalogs;
        this.store = store;
        this.revocations = revocations;
        this.decideSoon = decideSoon;
    }

    public sealed interface Outcome {
        /** Forgotten now (or already, by {@code departure.forgottenBy()}); the serials revoked by this call. */
        record Forgotten(Departure departure, List<BigInteger> revokedSerials) implements Outcome {
        }

        /** The node is not leaving: only a node removed from the document can be forgotten (404). */
        record NotLeaving(String message) implements Outcome {
        }
    }

    public Outcome forget(String node, String who) {
        Optional<Departure> forgotten = catalogs.exclusively(() -> {
            Optional<OrchestrationRecord> record = catalogs.orchestration();
            Departure departure = record.map(each -> each.departure(node)).orElse(null);
            if (departure == null) {
                return Optional.<Departure>empty();
            }
            if (departure.forgottenBy() != null) {
                return Optional.of(departure);
            }
            Departure next = departure.forgottenBy(who);
            Map<String, Departure> departures = new LinkedHashMap<>(record.get().departures());
            departures.put(node, next);
            Set<String> recompile = new TreeSet<>(Set.of(node));
            if (departure.executor() != null) {
                recompile.add(departure.executor());
            }
            catalogs.recordOrchestration(store, record.get().withDepartures(departures), recompile, List.of(
                    new OrchestrationEvent("departure.forget", node, departure.step().name(), node + " gone for good: "
                            + "its drain and reset are skipped, its certificates revoked", who)));
            return Optional.of(next);
        });
        if (forgotten.isEmpty()) {
            return new Outcome.NotLeaving("node " + node + " is not leaving the cluster: only a node removed from the "
                    + "document can be forgotten (remove it, kubenodectl apply, then forget it if it is gone for "
                    + "good)");
        }
        List<BigInteger> serials = store.revokeNode(node, who);
        if (!serials.isEmpty()) {
            revocations.add(serials);
        }
        decideSoon.run();
        return new Outcome.Forgotten(forgotten.get(), serials);
    }
}
