package io.kubenode.controller.orchestration;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.status.NodeStatus;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a decision reads. {@code statuses}: each node's last status (absent = none yet). {@code generations}:
 * each node's current catalog generation; a status whose appliedGeneration is lower describes an older catalog and
 * says nothing about the steps released since. {@code tokenCandidate}: a freshly generated token id the decision
 * may adopt when it needs a new token (its secret is stored before the decision's record). {@code apiReadyNodes}:
 * the node names the cluster API lists Ready, when the controller could ask it; empty when it could not.
 * {@code unreachable}: the nodes whose agents stopped talking to the controller, each with its last contact (null:
 * none since the controller started); see {@code NodeContacts}.
 */
public record OrchestrationInput(Cluster cluster, Map<String, NodeStatus> statuses, Map<String, Long> generations,
                                 OrchestrationRecord record, Instant now, String tokenCandidate,
                                 Optional<Set<String>> apiReadyNodes, Map<String, Instant> unreachable) {

    public OrchestrationInput {
        unreachable = unreachable == null ? Map.of() : unreachable;
    }

    /** Every node reachable (tests that are not about reachability). */
    public OrchestrationInput(Cluster cluster, Map<String, NodeStatus> statuses, Map<String, Long> generations,
                              OrchestrationRecord record, Instant now, String tokenCandidate,
                              Optional<Set<String>> apiReadyNodes) {
        this(cluster, statuses, generations, record, now, tokenCandidate, apiReadyNodes, Map.of());
    }
}
