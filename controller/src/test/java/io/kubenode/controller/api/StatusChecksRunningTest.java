package io.kubenode.controller.api;

import io.kubenode.common.status.NodeStatus;
import io.kubenode.common.status.ResourceStatus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An agent's interim status, sent while a kubeadm step runs, names that resource "running": accepted. */
class StatusChecksRunningTest {

    private static NodeStatus with(String state) {
        return new NodeStatus("node1.internal", 3, 2, "sha256:x", false, false, "2026-12-04T03:00:00Z", null, Map.of(),
                List.of(new ResourceStatus("kubeadm:node", "kubeadm", state, List.of(),
                        "kubeadm join running for 42 s")), List.of(), null);
    }

    @Test
    void aRunningResourceIsAValidState() {
        assertThat(StatusChecks.problems(with(ResourceStatus.RUNNING), "node1.internal")).isEmpty();
    }

    @Test
    void anUnknownStateIsStillRefused() {
        assertThat(StatusChecks.problems(with("sleeping"), "node1.internal")).singleElement().asString()
                .startsWith("resources[0]: expected an id and a state of");
    }
}
