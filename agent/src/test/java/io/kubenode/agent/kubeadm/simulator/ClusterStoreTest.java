package io.kubenode.agent.kubeadm.simulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The cluster directory's lock holds between threads of one JVM (the daemon answers on two) as between processes. */
class ClusterStoreTest {
    @TempDir
    Path cluster;

    @Test
    void concurrentTransactionsInOneJvmNeitherFailNorInterleave() throws Exception {
        ClusterStore store = new ClusterStore(cluster);
        int[] counter = {0};
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int node = i;
                done.add(threads.submit(() -> store.locked(() -> {
                    int seen = counter[0];
                    store.putNode(new ClusterStore.Node("node" + node, "127.0.1." + (node % 250), "worker", null,
                            null));
                    counter[0] = seen + 1;
                    return null;
                })));
            }
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(counter[0]).isEqualTo(200);
        assertThat(store.nodes()).hasSize(200);
    }
}
