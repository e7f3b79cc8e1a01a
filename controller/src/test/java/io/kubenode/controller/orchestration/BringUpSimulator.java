package io.kubenode.controller.orchestration;

import io.kubenode.common.catalog.KubeadmSpec;
import io.kubenode.common.catalog.KubeadmTokenSpec;
import io.kubenode.common.catalog.ProbeSpec;
import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.ClusterSpec;
import io.kubenode.common.cluster.NodeSpec;
import io.kubenode.common.cluster.OrchestrationSpec;
import io.kubenode.common.status.Facts;
import io.kubenode.common.status.NodeStatus;
import io.kubenode.common.status.ResourceStatus;
import io.kubenode.controller.orchestration.preflight.PreflightFixtures;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Agents that cannot run here (no kubeadm), faked at the level the decision sees them: each "pass" turns a node's
 * current Released (and the record's token, on its holder) into the status a healthy agent would report for that
 * catalog generation; faults make a node's kubeadm init/join fail, run slowly, or its endpoint probe fail. The
 * runner part does what the controller's loop will: decide, keep the record, give every changed node a new
 * catalog generation.
 */
final class BringUpSimulator {
    static final Instant T0 = Instant.parse("2026-12-04T01:00:00Z");

    Cluster cluster;
    Instant now = T0;
    OrchestrationRecord record;
    Optional<Set<String>> apiReady = Optional.empty();
    /** Nodes the controller has not heard from in time, with their last contact (the test sets them). */
    final Map<String, Instant> unreachable = new TreeMap<>();
    final Map<String, Long> generations = new LinkedHashMap<>();
    final Map<String, NodeStatus> statuses = new LinkedHashMap<>();
    final List<Decision> decisions = new ArrayList<>();
    final List<TimedEvent> events = new ArrayList<>();
    /** Node → attempts (from 1) whose kubeadm init/join fails. */
    final Map<String, Set<Integer>> failingAttempts = new HashMap<>();
    /** Node → what the agent says about its failing attempts after the exit code (default: none). */
    final Map<String, String> failureDetails = new HashMap<>();
    /** Node → until when its kubeadm init/join keeps running. */
    final Map<String, Instant> slowUntil = new HashMap<>();
    final Set<String> endpointDown = new HashSet<>();
    final Set<String> silent = new HashSet<>();
    /** Called with every input before it is decided. */
    Consumer<OrchestrationInput> beforeEachDecision = input -> { };
    private int tokens;

    record TimedEvent(Instant at, OrchestrationEvent event) {
    }

    BringUpSimulator(Cluster cluster) {
        this.cluster = cluster;
        cluster.spec().nodes().forEach(node -> generations.put(node.name(), 1L));
    }

    static BringUpSimulator seed() {
        return new BringUpSimulator(PreflightFixtures.seed());
    }

    static Cluster withOrchestration(Cluster cluster, OrchestrationSpec orchestration) {
        ClusterSpec spec = cluster.spec();
        return PreflightFixtures.withSpec(cluster, ignored -> new ClusterSpec(spec.kubernetes(),
                spec.controlPlaneEndpoint(), spec.loadBalancer(), spec.containerRuntime(), spec.network(),
                spec.host(), spec.nodes(), orchestration, spec.rollout()));
    }

    List<String> nodeNames() {
        return cluster.spec().nodes().stream().map(NodeSpec::name).toList();
    }

    // --- the controller's side

    OrchestrationInput input() {
        return new OrchestrationInput(cluster, new LinkedHashMap<>(statuses), new LinkedHashMap<>(generations),
                record, now, String.format("tok%03d", tokens), apiReady, new TreeMap<>(unreachable));
    }

    Decision decide() {
        OrchestrationInput input = input();
        beforeEachDecision.accept(input);
        Decision decision = Orchestrator.decide(input);
        apply(decision);
        return decision;
    }

    void apply(Decision decision) {
        record = decision.next();
        if (decision.tokenCandidateUsed()) {
            tokens++;
        }
        decision.changedNodes().forEach(node -> generations.merge(node, 1L, Long::sum));
        decisions.add(decision);
        decision.events().forEach(event -> events.add(new TimedEvent(now, event)));
    }

    /** Every node reports on its current catalog, then the controller decides. */
    Decision round() {
        reportAll();
        return decide();
    }

    Decision roundsUntil(Predicate<Decision> done, int maxRounds, Duration between) {
        for (int i = 0; i < maxRounds; i++) {
            Decision decision = round();
            if (done.test(decision)) {
                return decision;
            }
            now = now.plus(between);
        }
        throw new AssertionError("not reached after " + maxRounds + " rounds; last: " + record.phase() + " "
                + record.message());
    }

    Decision untilPhase(ClusterPhase phase) {
        return roundsUntil(decision -> decision.next().phase() == phase, 200, Duration.ofSeconds(5));
    }

    // --- the agents' side

    void reportAll() {
        nodeNames().forEach(this::report);
    }

    void report(String node) {
        if (silent.contains(node)) {
            return;
        }
        statuses.put(node, statusFor(node));
    }

    NodeStatus statusFor(String node) {
        int index = nodeNames().indexOf(node) + 1;
        Released released = record == null ? Released.NOTHING : record.released(node);
        List<ResourceStatus> resources = new ArrayList<>(PreflightFixtures.healthyResources());
        KubeadmStep step = released.kubeadm();
        NodeSpec spec = cluster.spec().nodes().get(index - 1);
        if (step != null) {
            resources.add(kubeadmOutcome(node, step));
            if (spec.isControlPlane() && !step.action().equals(KubeadmSpec.RESET)) {
                resources.add(resource(ProbeSpec.TYPE, "apiserver", "in_sync", null));
            }
        }
        if (released.network()) {
            resources.add(resource("manifest", cluster.spec().network().plugin(), "in_sync", null));
        }
        if (released.endpointProbe()) {
            resources.add(endpointDown.contains(node)
                    ? resource(ProbeSpec.TYPE, "control-plane-endpoint", "failed", "connection refused")
                    : resource(ProbeSpec.TYPE, "control-plane-endpoint", "in_sync", null));
        }
        BootstrapToken token = record == null ? null : record.token();
        if (token != null && node.equals(token.holder())) {
            resources.add(resource(KubeadmTokenSpec.TYPE, token.id(), "in_sync", null));
        }
        boolean converged = resources.stream().allMatch(resource -> resource.state().equals("in_sync"));
        long generation = generations.getOrDefault(node, 1L);
        Facts facts = PreflightFixtures.facts(node, index);
        return new NodeStatus(node, generation, generation, "sha256:" + generation, converged, false,
                now.toString(), new NodeStatus.LastPass(now.toString(), 100, "apply"), Map.of(), resources,
                List.of(), facts);
    }

    private ResourceStatus kubeadmOutcome(String node, KubeadmStep step) {
        if (step.action().equals(KubeadmSpec.RESET)) {
            return resource(KubeadmSpec.TYPE, KubeadmSpec.NODE, "in_sync", null);
        }
        if (failingAttempts.getOrDefault(node, Set.of()).contains(step.attempt())) {
            String detail = failureDetails.containsKey(node) ? "; " + failureDetails.get(node) : "";
            return resource(KubeadmSpec.TYPE, KubeadmSpec.NODE, "failed", "kubeadm " + step.action()
                    + " exited 1 after 12.3 s" + detail + "; last output:\n[ERROR] simulated failure of attempt "
                    + step.attempt());
        }
        Instant slow = slowUntil.get(node);
        if (slow != null && now.isBefore(slow)) {
            return resource(KubeadmSpec.TYPE, KubeadmSpec.NODE, "running", "kubeadm " + step.action()
                    + " running");
        }
        return resource(KubeadmSpec.TYPE, KubeadmSpec.NODE, "in_sync", null);
    }

    static ResourceStatus resource(String type, String name, String state, String message) {
        return new ResourceStatus(type + ":" + name, type, state, List.of(), message);
    }

    /** The node's last status with one resource's outcome replaced (or added). */
    void override(String node, String type, String name, String state, String message) {
        NodeStatus status = statuses.get(node);
        List<ResourceStatus> resources = new ArrayList<>(status.resources().stream()
                .filter(resource -> !resource.id().equals(type + ":" + name)).toList());
        resources.add(resource(type, name, state, message));
        boolean converged = resources.stream().allMatch(resource -> resource.state().equals("in_sync"));
        statuses.put(node, new NodeStatus(node, status.observedGeneration(), status.appliedGeneration(),
                status.contentHash(), converged, false, status.reportedAt(), status.lastPass(), Map.of(), resources,
                List.of(), status.facts()));
    }

    /**
     * As an agent reports the apply pass that changed a resource: converged (the host now matches the catalog), the
     * resource {@code changed}; what that pass observed before the change (its probes) is not news of after it.
     */
    void changedBy(String node, String type, String name) {
        report(node);
        NodeStatus status = statuses.get(node);
        List<ResourceStatus> resources = new ArrayList<>(status.resources().stream()
                .filter(resource -> !resource.id().equals(type + ":" + name)).toList());
        resources.add(resource(type, name, "changed", null));
        statuses.put(node, new NodeStatus(node, status.observedGeneration(), status.appliedGeneration(),
                status.contentHash(), true, false, status.reportedAt(), status.lastPass(), Map.of(), resources,
                List.of(), status.facts()));
    }

    List<OrchestrationEvent> eventsNamed(String action) {
        return events.stream().map(TimedEvent::event).filter(event -> event.action().equals(action)).toList();
    }
}
