package io.kubenode.controller.node;

import io.kubenode.common.status.NodeStatus;

import java.time.Instant;

/** A node's last status and when the controller received it (the node's own clock is not trusted for "seen"). */
public record ReceivedStatus(NodeStatus status, Instant receivedAt) {
}
