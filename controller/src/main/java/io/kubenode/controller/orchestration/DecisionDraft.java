package io.kubenode.controller.orchestration;

import io.kubenode.common.cluster.ClusterSpec;
import io.kubenode.common.cluster.NodeSpec;

import io.kubenode.controller.rollout.RolloutRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One decision in the making: a working copy of the record the decision's steps edit, the events they emit and the
 * nodes whose catalogs they touched. A node touched in this decision has a new catalog coming, so its status is no
 * longer current for the rest of the decision, exactly as it will not be for the next one until the node reports.
 */
final class DecisionDraft {
    final OrchestrationInput input;
    final OrchestrationRecord before;
    final Instant now;
    final String nowText;
    final ClusterSpec spec;
    final List<NodeSpec> nodes;
    final StatusView statuses;
    private final Map<String, NodeRecord> records = new LinkedHashMap<>();
    private final Set<String> touched = new HashSet<>();
    private final List<OrchestrationEvent> events = new ArrayList<>();
    private final List<Instant> wakes = new ArrayList<>();
    private BootstrapToken token;
    private String networkReadyAt;
    private RolloutRecord rollout;
    private final Map<String, Departure> departures;
    private boolean tokenCandidateUsed;

    DecisionDraft(OrchestrationInput input) {
        this.input = input;
        this.now = Objects.requireNonNull(input.now(), "now");
        this.nowText = now.toString();
        this.before = input.record() == null ? OrchestrationRecord.empty(nowText) : input.record();
        this.spec = input.cluster().spec();
        this.nodes = spec.nodesOrEmpty();
        this.statuses = new StatusView(input.statuses(), input.generations());
        for (NodeSpec node : nodes) {
            NodeRecord known = before.nodes().get(node.name());
            records.put(node.name(), known != null ? known : NodeRecord.pending(nowText));
        }
        this.token = before.token();
        this.networkReadyAt = before.networkReadyAt();
        this.rollout = before.rollout();
        this.departures = new LinkedHashMap<>(before.departures());
    }

    // --- nodes

    NodeRecord record(String node) {
        return records.get(node);
    }

    Released released(String node) {
        return records.get(node).released();
    }

    boolean joined(String node) {
        return records.get(node).joined();
    }

    boolean anyJoined() {
        return records.values().stream().anyMatch(NodeRecord::joined);
    }

    Optional<NodeSpec> node(String name) {
        return nodes.stream().filter(node -> node.name().equals(name)).findFirst();
    }

    /**
     * The node that runs (or ran) kubeadm init: the one an init step was released to, else the compiler's rule
     * (NodeContext.initNode: the node saying init: true, else the first control plane); empty without a control
     * plane.
     */
    Optional<NodeSpec> initNode() {
        for (NodeSpec node : nodes) {
            Released released = released(node.name());
            if (released.initToken() != null) {
                return Optional.of(node);
            }
        }
        Optional<NodeSpec> saysInit = nodes.stream().filter(NodeSpec::saysInit).findFirst();
        return saysInit.isPresent() ? saysInit : nodes.stream().filter(NodeSpec::isControlPlane).findFirst();
    }

    /** A status that describes the node's current catalog, and the catalog was not changed in this decision. */
    boolean fresh(String node) {
        return !touched.contains(node) && statuses.current(node);
    }

    void release(String node, Released released) {
        NodeRecord record = records.get(node);
        if (!record.released().equals(released)) {
            touched.add(node);
            records.put(node, Records.withReleased(record, released));
        }
    }

    /** The node's catalog changes in this decision for another reason than its steps (a rollout releases it). */
    void touch(String node) {
        touched.add(node);
    }

    void update(String node, NodeRecord record) {
        records.put(node, record);
    }

    /** Sets the node's phase and message; phaseSince moves only when the phase changes. */
    void phase(String node, NodePhase phase, String message) {
        records.put(node, Records.withPhase(records.get(node), phase, message, nowText));
    }

    // --- token

    BootstrapToken token() {
        return token;
    }

    /** Replaces the token; its holders (old and new) get a new catalog. */
    void token(BootstrapToken next) {
        if (Objects.equals(token, next)) {
            return;
        }
        if (token != null && token.holder() != null) {
            touched.add(token.holder());
        }
        if (next != null && next.holder() != null) {
            touched.add(next.holder());
        }
        token = next;
    }

    Duration tokenTtl() {
        return Duration.ofSeconds(spec.orchestrationOrDefaults().tokenTtlSecondsOrDefault());
    }

    /** Adopts the input's token candidate (its secret is stored before the record that names it). */
    String adoptTokenCandidate() {
        String candidate = input.tokenCandidate();
        if (candidate == null || candidate.isBlank()) {
            throw new IllegalArgumentException("the decision needs a new bootstrap token but the input carries no "
                    + "tokenCandidate");
        }
        tokenCandidateUsed = true;
        return candidate;
    }

    // --- departures

    /** The departures in the making, in the order they were requested. */
    Map<String, Departure> departures() {
        return departures;
    }

    void departure(Departure next) {
        departures.put(next.name(), next);
    }

    void departed(String node) {
        departures.remove(node);
    }

    // --- network

    /** The rollout in the making (null: none); the rollout step of the decision replaces it. */
    RolloutRecord rollout() {
        return rollout;
    }

    void rollout(RolloutRecord next) {
        rollout = next;
    }

    String networkReadyAt() {
        return networkReadyAt;
    }

    void networkReady() {
        if (networkReadyAt == null) {
            networkReadyAt = nowText;
        }
    }

    // --- events and timers

    void event(String action, String node, String step, String detail) {
        events.add(new OrchestrationEvent(action, node, step, detail));
    }

    void wakeAt(Instant instant) {
        if (instant != null && instant.isAfter(now)) {
            wakes.add(instant);
        }
    }

    /** The decision: phase bookkeeping, the nodes whose catalogs changed, the events, the next wake-up. */
    Decision finish(ClusterPhase phase, String message) {
        String phaseSince = before.phaseSince();
        Map<String, String> entered = new LinkedHashMap<>(before.phaseEnteredAt());
        if (phase != before.phase() || phaseSince == null) {
            phaseSince = nowText;
            event("phase", null, null, phase + ": " + message);
        }
        entered.putIfAbsent(phase.name(), nowText);
        OrchestrationRecord next = new OrchestrationRecord(phase, phaseSince, message, entered, records, token,
                networkReadyAt, rollout, departures);
        return new Decision(next, changedNodes(next), events, tokenCandidateUsed,
                wakes.stream().min(Instant::compareTo));
    }

    private Set<String> changedNodes(OrchestrationRecord next) {
        Set<String> changed = new LinkedHashSet<>();
        for (NodeSpec node : nodes) {
            if (!before.released(node.name()).equals(next.released(node.name()))) {
                changed.add(node.name());
            }
        }
        BootstrapToken old = before.token();
        if (!Objects.equals(old, next.token())) {
            if (old != null && old.holder() != null) {
                changed.add(old.holder());
            }
            if (next.token() != null && next.token().holder() != null) {
                changed.add(next.token().holder());
            }
        }
        changed.addAll(RolloutRecord.nodesWhoseHoldDiffers(before.rollout(), next.rollout()));
        changed.addAll(RolloutRecord.executorsWhoseDrainsDiffer(before.rollout(), next.rollout()));
        changed.removeIf(name -> !records.containsKey(name));
        // A departing node is not in the document, but its catalog changes with its step (and is withdrawn after).
        changed.addAll(Departure.nodesWhoseDeparturesDiffer(before.departures(), next.departures()));
        return changed;
    }
}
