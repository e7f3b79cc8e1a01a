package io.kubenode.controller.node;

import io.kubenode.common.status.NodeStatus;

import java.time.Instant;

/**
 * A node's last status and when the controller received it (the node's own clock is not trusted for "seen").
 * {@code receivedAt} is ISO-8601 text, like every timestamp in the API types: this record is what the status
 * snapshot stores, and the one mapper has no java.time support.
 */
public record ReceivedStatus(NodeStatus status, String receivedAt) {

    public static ReceivedStatus at(NodeStatus status, Instant receivedAt) {
        return new ReceivedStatus(status, receivedAt.toString());
    }
}
