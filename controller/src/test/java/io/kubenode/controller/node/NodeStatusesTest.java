package io.kubenode.controller.node;

import io.kubenode.common.status.Condition;
import io.kubenode.common.status.NodeStatus;
import io.kubenode.common.status.ResourceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NodeStatusesTest {
    private static final Instant RECEIVED = Instant.parse("2026-05-01T10:15:30.123456789Z");

    @TempDir
    Path dir;

    @Test
    void aSnapshotRestoresEveryStatusAndWhenItWasReceived() throws Exception {
        Path file = dir.resolve("node-status.json");
        NodeStatuses before = new NodeStatuses(file, Clock.fixed(RECEIVED, ZoneOffset.UTC));
        NodeStatus status = status("node1.internal");
        before.record(status);

        before.snapshot();
        NodeStatuses after = new NodeStatuses(file, Clock.systemUTC());
        after.load();

        assertThat(after.all()).containsExactly(Map.entry("node1.internal",
                new ReceivedStatus(status, RECEIVED.toString())));
    }

    private static NodeStatus status(String node) {
        String now = RECEIVED.minusSeconds(1).toString();
        return new NodeStatus(node, 3, 3, "sha256:x", true, false, now, new NodeStatus.LastPass(now, 120, "apply"),
                Map.of("in_sync", 1),
                List.of(new ResourceStatus("sysctl:net.ipv4.ip_forward", "sysctl", "in_sync", List.of(), null)),
                List.of(new Condition(Condition.CONVERGED, Condition.TRUE, "InSync", "every resource is in sync", now)),
                null);
    }
}
