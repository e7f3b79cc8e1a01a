package io.kubenode.controller.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Run by {@link StoreCrashTest} in its own JVM: stores cluster revisions and tokens forever, printing each one only
 * after the store acknowledged it, until the test kills the process.
 */
public final class StoreCrashChild {
    private StoreCrashChild() {
    }

    public static void main(String[] args) {
        String round = args[1];
        try (SqliteStore store = SqliteStore.open(Path.of(args[0]))) {
            long version = store.currentCluster().map(ClusterRevision::resourceVersion).orElse(0L);
            for (int i = 0; ; i++) {
                ClusterPut put = store.putCluster(StoreCrashTest.document(version + 1), version, "crash", "test");
                version = ((ClusterPut.Stored) put).revision().resourceVersion();
                System.out.println("cluster " + version + " acked");
                String id = round + i;
                store.addToken(new NewToken(id, id.getBytes(StandardCharsets.US_ASCII),
                        Instant.now().plusSeconds(3600), 1, null, "crash"));
                System.out.println("token " + id + " acked");
            }
        }
    }
}
