package io.kubenode.controller.client;

import io.kubenode.controller.api.TestController;
import io.kubenode.controller.compiler.SeedCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The client against a real controller: typed answers, and the controller's errors kept whole, in its order. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiClientTest {
    private TestController controller;
    private ControllerApi api;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        controller = new TestController(dir);
        Path config = controller.adminConfig(dir.resolve("admin.conf"));
        api = new ControllerApi(new ApiClient(ClientConfig.load(new ConfigLocation(config, "a test"))));
    }

    @AfterAll
    void stop() throws Exception {
        controller.stop();
    }

    @Test
    void aRefusedDocumentKeepsEveryDetailLineForPrinting() {
        String invalid = SeedCluster.exampleText().replace("port: 8888", "port: 70000")
                .replace("address: 192.168.0.62", "address: 192.168.0.300");

        ApiException refused = catchThrowableOfType(ApiException.class, () -> api.putCluster(invalid, 0));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.code()).isEqualTo("invalid");
        assertThat(refused.lines()).containsExactly(
                "error: the controller answered 422 invalid: the cluster document is invalid",
                "spec.nodes[1].address: expected an IPv4 or IPv6 address, got '192.168.0.300'",
                "spec.controlPlaneEndpoint.port: expected a port in 1..65535, got 70000");
    }

    @Test
    void theStoredDocumentAndItsHistoryComeBackTyped() {
        ClusterApplied applied = api.putCluster(SeedCluster.exampleText(), api.cluster()
                .map(ClusterDocument::resourceVersion).orElse(0L));

        ClusterDocument current = api.cluster().orElseThrow();
        List<ClusterDocument> history = api.history();

        assertThat(current.resourceVersion()).isEqualTo(applied.resourceVersion());
        assertThat(current.document()).isEqualTo(SeedCluster.exampleText());
        assertThat(current.author()).isEqualTo("kubenode-admin");
        assertThat(history).last().isEqualTo(current);
    }

    @Test
    void aStaleVersionIsAConflictAndNotRetried() {
        api.putCluster(SeedCluster.exampleText(), api.cluster().map(ClusterDocument::resourceVersion).orElse(0L));
        long before = controller.store().clusterHistory().size();

        ApiException conflict = catchThrowableOfType(ApiException.class,
                () -> api.putCluster(SeedCluster.exampleText(), 0));

        assertThat(conflict.isConflict()).isTrue();
        assertThat(conflict.lines().get(0)).startsWith("error: the controller answered 409 conflict: resourceVersion 0");
        assertThat(controller.store().clusterHistory()).hasSize((int) before);
    }
}
