package io.kubenode.controller.orchestration;

import io.kubenode.common.catalog.KubeadmSpec;
import io.kubenode.common.catalog.KubeadmTokenSpec;
import io.kubenode.common.cluster.ControlPlaneEndpoint;
import io.kubenode.common.cluster.NetworkSpec;
import io.kubenode.common.cluster.NodeSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What is released next, in the order of kubeadm's HA guide: every node prepared and the preflight passed → init on
 * the init node → the CNI manifest and the endpoint answering through the virtual IP → control planes strictly one
 * at a time in document order → workers, at most spec.orchestration.maxParallelJoins at once → verification.
 * Steps already released keep being followed (retries included) even when a permanent preflight failure stops
 * new releases.
 */
final class Progression {
    private Progression() {
    }

    static PhaseOutcome advance(DecisionDraft draft, Gates gates) {
        if (draft.nodes.isEmpty()) {
            return new PhaseOutcome(ClusterPhase.WaitingForNodes, "spec.nodes names no node", null);
        }
        Optional<NodeSpec> init = draft.initNode();
        if (init.isEmpty()) {
            return new PhaseOutcome(ClusterPhase.Failed, "spec.nodes has no control-plane node to initialize the "
                    + "cluster on", "a control-plane node in the document");
        }
        if (!draft.anyJoined()) {
            return bootstrap(draft, gates, init.get());
        }
        if (draft.networkReadyAt() == null) {
            PhaseOutcome network = network(draft, init.get());
            if (network != null) {
                return network;
            }
        }
        return joins(draft, gates);
    }

    // --- before any node has joined: the gates of every node, then init

    private static PhaseOutcome bootstrap(DecisionDraft draft, Gates gates, NodeSpec init) {
        String name = init.name();
        if (draft.released(name).kubeadm() != null) {
            StepOutcomes.retryIfDue(draft, init, StepKind.INIT, false);
            return new PhaseOutcome(ClusterPhase.Initializing, "initializing " + name + stepSuffix(draft, name),
                    "the cluster's initialization on " + name);
        }
        int total = draft.nodes.size();
        List<String> missing = names(gates, NodeGate.Kind.NO_STATUS);
        if (!missing.isEmpty()) {
            return new PhaseOutcome(ClusterPhase.WaitingForNodes, "waiting for " + String.join(", ", missing)
                    + " to enroll and report (" + (total - missing.size()) + "/" + total + " reported)",
                    "every node to report");
        }
        List<String> preparing = names(gates, NodeGate.Kind.PREPARING);
        if (!preparing.isEmpty()) {
            return new PhaseOutcome(ClusterPhase.Preparing, "host preparation converging on "
                    + String.join(", ", preparing) + " (" + (total - preparing.size()) + "/" + total + " prepared)",
                    "every node's host preparation");
        }
        if (gates.failedPermanently()) {
            return new PhaseOutcome(ClusterPhase.Failed, "preflight failed: "
                    + Gates.messages(gates.permanentFailures()), "the preflight failures to be fixed");
        }
        List<NodeGate> waiting = gates.all().stream().filter(gate -> gate.kind() == NodeGate.Kind.PREFLIGHT_WAIT)
                .toList();
        if (!waiting.isEmpty()) {
            return new PhaseOutcome(ClusterPhase.Preflight, "preflight waits: " + String.join("; ", waiting.stream()
                    .map(Gates::describe).toList()), "the preflight of every node");
        }
        releaseInit(draft, init, draft.record(name).attempts() + 1);
        return new PhaseOutcome(ClusterPhase.Initializing, "initializing " + name + stepSuffix(draft, name),
                "the cluster's initialization on " + name);
    }

    static void releaseInit(DecisionDraft draft, NodeSpec node, int attempt) {
        String name = node.name();
        BootstrapToken token = draft.token();
        String validUntil = draft.now.plus(draft.tokenTtl()).toString();
        if (token == null || token.holder() != null || !KubeadmTokenSpec.PRESENT.equals(token.state())) {
            String id = draft.adoptTokenCandidate();
            draft.token(new BootstrapToken(id, null, KubeadmTokenSpec.PRESENT, validUntil, draft.nowText));
            draft.event("token.mint", name, StepKind.TOKEN, "token " + id + " in the InitConfiguration of " + name
                    + ", valid until " + validUntil);
        } else {
            draft.token(new BootstrapToken(token.id(), null, token.state(), validUntil, token.createdAt()));
            draft.event("token.refresh", name, StepKind.TOKEN, "token " + token.id() + " created again by init "
                    + "attempt " + attempt + ", valid until " + validUntil);
        }
        draft.release(name, new Released(true, new KubeadmStep(KubeadmSpec.INIT, attempt, draft.nowText), null,
                draft.token().id(), false, false));
        draft.update(name, Records.withAttempt(draft.record(name), attempt));
        draft.event("step.release", name, StepKind.INIT.id(), "kubeadm init attempt " + attempt);
    }

    static void releaseJoin(DecisionDraft draft, NodeSpec node, int attempt) {
        String name = node.name();
        draft.release(name, new Released(node.isControlPlane(), new KubeadmStep(KubeadmSpec.JOIN, attempt,
                draft.nowText), draft.token().id(), null, false, false));
        draft.update(name, Records.withAttempt(draft.record(name), attempt));
        draft.event("step.release", name, StepKind.joinOf(node).id(), "kubeadm join attempt " + attempt
                + (node.isControlPlane() ? " with the cluster PKI" : "") + ", token " + draft.token().id());
    }

    // --- right after init: the CNI manifest and the endpoint through the virtual IP

    /** @return null once the network is ready (the decision goes on to the joins) */
    private static PhaseOutcome network(DecisionDraft draft, NodeSpec init) {
        String name = init.name();
        NetworkSpec network = draft.spec.network();
        boolean manifest = network != null && network.plugin() != null;
        Released released = draft.released(name);
        if (!released.endpointProbe() || released.network() != manifest) {
            draft.release(name, new Released(released.clusterPki(), released.kubeadm(), released.discoveryToken(),
                    released.initToken(), manifest, true));
            draft.event("step.release", name, StepKind.NETWORK, manifest
                    ? "the " + network.plugin() + " manifest and the endpoint probe"
                    : "the endpoint probe (spec.network is not set: no CNI manifest)");
        }
        String endpoint = endpoint(draft);
        List<String> pending = new ArrayList<>();
        if (draft.fresh(name)) {
            if (manifest && !draft.statuses.inSync(name, StatusView.manifestId(network.plugin()))) {
                pending.add(stateOf(draft, name, StatusView.manifestId(network.plugin())));
            }
            if (!draft.statuses.inSync(name, StatusView.ENDPOINT_PROBE)) {
                pending.add(stateOf(draft, name, StatusView.ENDPOINT_PROBE));
            }
            if (pending.isEmpty()) {
                draft.networkReady();
                draft.event("step.succeeded", name, StepKind.NETWORK, (manifest ? "the " + network.plugin()
                        + " manifest applied; " : "") + "the endpoint " + endpoint + " answers through the virtual IP");
                return null;
            }
        } else {
            pending.add("waits for " + name + " to apply its current catalog");
        }
        String what = manifest ? "applying the " + network.plugin() + " manifest from " + name + " and waiting for "
                : "waiting for ";
        return new PhaseOutcome(ClusterPhase.InstallingNetwork, what + "the endpoint " + endpoint
                + " to answer through the virtual IP (" + String.join("; ", pending) + ")",
                "the network and the endpoint");
    }

    // --- joins, then verification

    private static PhaseOutcome joins(DecisionDraft draft, Gates gates) {
        boolean tokenReady = TokenKeeper.ready(draft);
        for (NodeSpec node : draft.nodes) {
            if (!draft.joined(node.name())) {
                StepOutcomes.retryIfDue(draft, node, StepKind.joinOf(node), tokenReady);
            }
        }
        if (gates.failedPermanently()) {
            return new PhaseOutcome(ClusterPhase.Failed, "preflight failed: "
                    + Gates.messages(gates.permanentFailures()), "the preflight failures to be fixed");
        }
        List<NodeSpec> controlPlanes = draft.nodes.stream().filter(NodeSpec::isControlPlane)
                .filter(node -> !draft.joined(node.name())).toList();
        if (!controlPlanes.isEmpty()) {
            return controlPlanes(draft, gates, controlPlanes, tokenReady);
        }
        List<NodeSpec> workers = draft.nodes.stream().filter(node -> !node.isControlPlane())
                .filter(node -> !draft.joined(node.name())).toList();
        if (!workers.isEmpty()) {
            return workers(draft, gates, workers, tokenReady);
        }
        return Verification.verify(draft);
    }

    private static PhaseOutcome controlPlanes(DecisionDraft draft, Gates gates, List<NodeSpec> unjoined,
                                              boolean tokenReady) {
        long total = draft.nodes.stream().filter(NodeSpec::isControlPlane).count();
        long joined = total - unjoined.size();
        Optional<NodeSpec> inFlight = unjoined.stream()
                .filter(node -> draft.released(node.name()).kubeadm() != null).findFirst();
        NodeSpec next = inFlight.orElse(unjoined.get(0));
        String position = " (" + (joined + 1) + "/" + total + ")";
        if (inFlight.isEmpty()) {
            NodeGate gate = gates.of(next.name());
            if (!gate.passed()) {
                return new PhaseOutcome(gate.kind().clusterPhase, "control plane " + next.name() + position
                        + " is next: " + gate.message(), "control plane " + next.name() + " (next in line)");
            }
            if (!tokenReady) {
                return new PhaseOutcome(ClusterPhase.JoiningControlPlanes, "control plane " + next.name() + position
                        + " waits for " + tokenWait(draft), "control plane " + next.name() + " to join");
            }
            releaseJoin(draft, next, draft.record(next.name()).attempts() + 1);
        }
        return new PhaseOutcome(ClusterPhase.JoiningControlPlanes, "joining control plane " + next.name() + position
                + stepSuffix(draft, next.name()), "control plane " + next.name() + " to join (one at a time)");
    }

    private static PhaseOutcome workers(DecisionDraft draft, Gates gates, List<NodeSpec> unjoined,
                                        boolean tokenReady) {
        int max = draft.spec.orchestrationOrDefaults().maxParallelJoinsOrDefault();
        long total = draft.nodes.stream().filter(node -> !node.isControlPlane()).count();
        List<String> joining = new ArrayList<>(unjoined.stream().map(NodeSpec::name)
                .filter(name -> draft.released(name).kubeadm() != null).toList());
        List<NodeGate> blocked = new ArrayList<>();
        List<String> waitingForToken = new ArrayList<>();
        for (NodeSpec node : unjoined) {
            NodeGate gate = gates.of(node.name());
            if (gate == null) {
                continue;
            }
            if (!gate.passed()) {
                blocked.add(gate);
            } else if (!tokenReady) {
                waitingForToken.add(node.name());
            } else if (joining.size() < max) {
                releaseJoin(draft, node, draft.record(node.name()).attempts() + 1);
                joining.add(node.name());
            }
        }
        String waitFor = waitingForToken.isEmpty() ? "a free join slot (at most " + max + " at once)"
                : tokenWait(draft);
        if (!joining.isEmpty()) {
            return new PhaseOutcome(ClusterPhase.JoiningWorkers, "joining workers " + String.join(", ", joining)
                    + " (" + (total - unjoined.size()) + "/" + total + " joined)", waitFor);
        }
        if (!waitingForToken.isEmpty()) {
            return new PhaseOutcome(ClusterPhase.JoiningWorkers, "workers " + String.join(", ", waitingForToken)
                    + " wait for " + tokenWait(draft), waitFor);
        }
        NodeGate.Kind least = blocked.stream().map(NodeGate::kind).min(Comparator.naturalOrder()).orElseThrow();
        return new PhaseOutcome(least.clusterPhase, String.join("; ", blocked.stream().map(Gates::describe)
                .toList()), waitFor);
    }

    // --- messages

    /** ", attempt 2" and, while a failed attempt is being reset, what happens next. */
    static String stepSuffix(DecisionDraft draft, String node) {
        NodeRecord record = draft.record(node);
        KubeadmStep step = record.released().kubeadm();
        if (step == null) {
            return "";
        }
        if (!KubeadmSpec.RESET.equals(step.action())) {
            return ", attempt " + step.attempt();
        }
        return ", attempt " + step.attempt() + " failed (" + FailureText.firstLine(record.lastFailure())
                + "); reset, attempt " + (step.attempt() + 1) + " not before " + record.nextAttemptAt();
    }

    private static String tokenWait(DecisionDraft draft) {
        BootstrapToken token = draft.token();
        if (token == null || token.holder() == null) {
            return "a bootstrap token";
        }
        return "bootstrap token " + token.id() + " to be in sync on " + token.holder();
    }

    private static String endpoint(DecisionDraft draft) {
        ControlPlaneEndpoint endpoint = draft.spec.controlPlaneEndpoint();
        return endpoint == null ? "(no controlPlaneEndpoint)" : endpoint.host() + ":" + endpoint.port();
    }

    private static String stateOf(DecisionDraft draft, String node, String id) {
        return draft.statuses.resource(node, id).map(resource -> id + " " + resource.state()
                        + (resource.message() == null ? "" : ": " + FailureText.firstLine(resource.message())))
                .orElse(id + " not reported yet");
    }

    private static List<String> names(Gates gates, NodeGate.Kind kind) {
        return gates.all().stream().filter(gate -> gate.kind() == kind).map(NodeGate::node).toList();
    }
}
