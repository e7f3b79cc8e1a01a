package io.kubenode.controller.store;

import io.kubenode.controller.orchestration.OrchestrationEvent;
import io.kubenode.controller.orchestration.OrchestrationRecord;
import io.kubenode.controller.orchestration.Released;

import java.nio.file.Path;
import java.util.List;

/**
 * Run by {@link OrchestrationCrashTest} in its own JVM: writes orchestration records numbered i, each with the
 * catalogs of three nodes hashed "i" and one audit row, forever, printing i once acknowledged, until it is killed.
 */
public final class OrchestrationCrashChild {
    private OrchestrationCrashChild() {
    }

    public static void main(String[] args) {
        try (SqliteStore store = SqliteStore.open(Path.of(args[0]))) {
            long i = store.orchestration().map(record -> Long.parseLong(record.message())).orElse(0L);
            while (true) {
                i++;
                store.putOrchestration(SqliteStoreOrchestrationTest.record(Long.toString(i), Released.NOTHING),
                        List.of(new CatalogRecord("a", "h" + i), new CatalogRecord("b", "h" + i),
                                new CatalogRecord("c", "h" + i)),
                        List.of(new OrchestrationEvent("test", "a", null, Long.toString(i))));
                System.out.println("record " + i + " acked");
            }
        }
    }
}
