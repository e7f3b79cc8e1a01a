package io.kubenode.agent.kubeadm.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node registered by a host of its own (no root the others could look into) is Ready while its kubelet renews its
 * lease in the cluster directory, and NotReady (Unknown, as the node controller says) once the lease is older than
 * the grace period.
 */
class NodeLeaseTest {
    @TempDir
    Path cluster;

    @Test
    void aNodeOfItsOwnHostIsReadyOnlyWhileItsLeaseIsFresh() throws Exception {
        ClusterStore store = new ClusterStore(cluster);
        ClusterStore.Node worker = new ClusterStore.Node("node4.internal", "192.0.2.134", "worker", null, null);

        assertThat(ready(store, worker)).as("no lease yet").isEqualTo("Unknown");

        store.renewLease(worker.name());
        assertThat(ready(store, worker)).isEqualTo("True");

        Files.writeString(cluster.resolve("clock-offset-seconds"), "39");
        assertThat(ready(store, worker)).as("39 s after the renewal").isEqualTo("True");

        Files.writeString(cluster.resolve("clock-offset-seconds"), "41");
        assertThat(ready(store, worker)).as("41 s after the renewal").isEqualTo("Unknown");

        store.renewLease(worker.name());
        assertThat(ready(store, worker)).as("renewed again").isEqualTo("True");
    }

    @Test
    void aLeaseThatCannotBeReadIsNotFresh() throws Exception {
        ClusterStore store = new ClusterStore(cluster);
        Files.createDirectories(cluster.resolve("leases"));
        Files.writeString(cluster.resolve("leases/node5.internal"), "yesterday");

        assertThat(store.leaseFresh("node5.internal", NodeObjects.NODE_MONITOR_GRACE)).isFalse();
    }

    private static String ready(ClusterStore store, ClusterStore.Node node) {
        JsonNode condition = NodeObjects.node(store, node).path("status").path("conditions").get(0);
        assertThat(condition.path("type").asText()).isEqualTo("Ready");
        return condition.path("status").asText();
    }
}
