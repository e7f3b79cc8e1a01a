package io.kubenode.controller.client;

import io.kubenode.common.status.NodeStatus;
import io.kubenode.common.status.NodeSummary;

/** {@code GET /api/v1/nodes/{name}}: the summary row, the last status report (null before any) and generation. */
public record NodeDetail(NodeSummary summary, NodeStatus status, long catalogGeneration) {
}
