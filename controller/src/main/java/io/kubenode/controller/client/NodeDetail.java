package io.kubenode.controller.client;

import io.kubenode.common.status.NodeStatus;
import io.kubenode.common.status.NodeSummary;
import io.kubenode.controller.orchestration.view.NodeOrchestration;

/**
 * {@code GET /api/v1/nodes/{name}}: the summary row, the last status report (null before any), generation, and the
 * node's orchestration entry (null before the orchestrator decided anything about it).
 */
public record NodeDetail(NodeSummary summary, NodeStatus status, long catalogGeneration,
                         NodeOrchestration orchestration) {
}
