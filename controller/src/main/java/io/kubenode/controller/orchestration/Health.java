package io.kubenode.controller.orchestration;

import io.kubenode.common.catalog.ProbeSpec;
import io.kubenode.common.cluster.NodeSpec;
import io.kubenode.common.status.NodeStatus;
import io.kubenode.common.status.ResourceStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A joined node's health from its current status: its kubeadm step in sync (files there, kubelet and apiserver
 * answering), every probe in sync (the endpoint through the virtual IP among them once released), the host
 * converged, and, when the controller could ask the cluster API, the node listed Ready there. A status older than
 * the node's catalog says nothing: the node keeps the verdict it had. A node whose agent stopped talking to the
 * controller is unreachable whatever its last status said.
 */
final class Health {
    enum Verdict { HEALTHY, UNHEALTHY, UNKNOWN, UNREACHABLE }

    record NodeHealth(Verdict verdict, String problem, boolean stepFailed) {
    }

    private Health() {
    }

    static NodeHealth of(DecisionDraft draft, String node) {
        NodeStatus status = draft.statuses.status(node);
        if (status == null) {
            return new NodeHealth(Verdict.UNHEALTHY, "no status reported", false);
        }
        Optional<String> unreachable = unreachable(draft, node);
        if (unreachable.isPresent()) {
            return new NodeHealth(Verdict.UNREACHABLE, unreachable.get(), false);
        }
        if (!draft.fresh(node)) {
            return new NodeHealth(Verdict.UNKNOWN, "waits for the node to apply its current catalog", false);
        }
        List<String> problems = new ArrayList<>();
        Optional<ResourceStatus> kubeadm = draft.statuses.resource(node, StatusView.KUBEADM_NODE);
        boolean stepFailed = kubeadm.isPresent() && ResourceStatus.FAILED.equals(kubeadm.get().state());
        if (kubeadm.isEmpty()) {
            problems.add(StatusView.KUBEADM_NODE + " not reported");
        } else if (!StatusView.IN_SYNC.equals(kubeadm.get().state())) {
            problems.add(describe(kubeadm.get()));
        }
        for (ResourceStatus resource : status.resources()) {
            if (ProbeSpec.TYPE.equals(resource.type()) && !StatusView.IN_SYNC.equals(resource.state())) {
                problems.add(describe(resource));
            }
        }
        if (draft.released(node).endpointProbe()
                && draft.statuses.resource(node, StatusView.ENDPOINT_PROBE).isEmpty()) {
            problems.add(StatusView.ENDPOINT_PROBE + " not reported");
        }
        if (problems.isEmpty() && !status.converged()) {
            problems.add("host not converged on its catalog");
        }
        Optional<Set<String>> apiReady = draft.input.apiReadyNodes();
        if (apiReady != null && apiReady.isPresent() && !apiReady.get().contains(node)) {
            problems.add("the cluster API does not list it Ready");
        }
        if (problems.isEmpty()) {
            return new NodeHealth(Verdict.HEALTHY, null, false);
        }
        return new NodeHealth(Verdict.UNHEALTHY, String.join("; ", problems), stepFailed);
    }

    /** Why a node that reported before is unreachable now, if it is (the input's verdict from its contacts). */
    static Optional<String> unreachable(DecisionDraft draft, String node) {
        if (!draft.input.unreachable().containsKey(node) || draft.statuses.status(node) == null) {
            return Optional.empty();
        }
        Instant last = draft.input.unreachable().get(node);
        return Optional.of("unreachable: " + (last == null ? "no contact since the controller started"
                : "no contact since " + last) + "; it keeps enforcing its cached catalog");
    }

    /** Healthy now, or healthy last time and nothing current says otherwise. */
    static boolean healthy(DecisionDraft draft, String node, NodeHealth health) {
        return health.verdict() == Verdict.HEALTHY
                || health.verdict() == Verdict.UNKNOWN && draft.record(node).phase() == NodePhase.Ready;
    }

    /** Phases of the joined nodes: Ready once verified (endpoint probe released), Joined, or Failed. */
    static void assignPhases(DecisionDraft draft) {
        for (NodeSpec node : draft.nodes) {
            String name = node.name();
            if (!draft.joined(name)) {
                continue;
            }
            NodeHealth health = of(draft, name);
            NodeRecord record = draft.record(name);
            switch (health.verdict()) {
                case HEALTHY -> {
                    if (draft.released(name).endpointProbe()) {
                        draft.phase(name, NodePhase.Ready, "ready");
                    } else {
                        draft.phase(name, NodePhase.Joined, "joined at " + record.joinedAt());
                    }
                }
                case UNHEALTHY -> draft.phase(name, health.stepFailed() ? NodePhase.Failed : NodePhase.Joined,
                        health.problem());
                case UNREACHABLE -> draft.phase(name, NodePhase.Unreachable, health.problem());
                case UNKNOWN -> {
                    if (record.phase() != NodePhase.Ready && record.phase() != NodePhase.Failed) {
                        draft.phase(name, NodePhase.Joined, record.phase() == NodePhase.Joined
                                && record.message() != null ? record.message() : "joined at " + record.joinedAt());
                    }
                }
                default -> throw new IllegalStateException(health.verdict().name());
            }
        }
    }

    private static String describe(ResourceStatus resource) {
        String message = resource.message() == null ? "" : ": " + FailureText.firstLine(
                FailureText.redacted(resource.message()));
        return resource.id() + " " + resource.state() + message;
    }
}
