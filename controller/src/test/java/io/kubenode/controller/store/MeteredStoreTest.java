package io.kubenode.controller.store;

import io.kubenode.controller.metrics.ControllerMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real SQLite store behind the meter: every operation timed by name, a failing one counted, nothing changed. */
class MeteredStoreTest {

    @Test
    void operationsAreTimedAndAFailingOneIsCountedAndStillThrows(@TempDir Path dir) throws Exception {
        ControllerMetrics metrics = new ControllerMetrics(Instant.parse("2036-01-01T00:00:00Z"), () -> 0);
        String before;
        try (Store store = MeteredStore.wrap(SqliteStore.open(dir), metrics)) {
            before = metrics.scrape();
            store.putCluster("apiVersion: kubenode.io/v1alpha1\n", 0, "alice", "stored");
            assertThat(store.currentCluster()).isPresent();
        }
        assertThat(before).as("every error counter exists at 0 before its first error")
                .contains("kubenode_controller_store_errors_total{operation=\"putCluster\"} 0.0",
                        "kubenode_controller_store_errors_total{operation=\"putOrchestration\"} 0.0")
                .doesNotContain("operation=\"close\"");
        assertThat(metrics.scrape()).contains(
                "kubenode_controller_store_operation_seconds_count{operation=\"putCluster\"} 1",
                "kubenode_controller_store_operation_seconds_count{operation=\"currentCluster\"} 1");
    }

    @Test
    void aThrowingOperationIsCountedAsAnErrorAndTheExceptionIsTheStoresOwn(@TempDir Path dir) throws Exception {
        ControllerMetrics metrics = new ControllerMetrics(Instant.parse("2036-01-01T00:00:00Z"), () -> 0);
        Store store = MeteredStore.wrap(SqliteStore.open(dir), metrics);
        store.close();

        assertThatThrownBy(store::currentCluster).isInstanceOf(StoreException.class);
        assertThat(metrics.scrape()).contains(
                "kubenode_controller_store_errors_total{operation=\"currentCluster\"} 1.0",
                "kubenode_controller_store_operation_seconds_count{operation=\"currentCluster\"} 1");
    }
}
