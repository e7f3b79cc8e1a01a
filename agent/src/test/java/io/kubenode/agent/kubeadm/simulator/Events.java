package io.kubenode.agent.kubeadm.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * {@code $KUBEADM_SIMULATOR_CLUSTER/events}: one line per kubeadm step boundary, for tests that assert the order of a
 * bring-up (init once, joins never overlapping, each join's token valid at that moment):
 * {@code <wall clock> <simulated clock> <node> <init|join-control-plane|join-worker|reset> <started|succeeded|failed>}
 * and, once a join's token is checked, {@code ... <node> join-token accepted id=<id> expires=<instant|never>};
 * {@code kubectl drain|uncordon NODE} likewise ({@code ... <node> <drain|uncordon> <started|succeeded|failed>}), so a
 * test can tell when a node was cordoned and drained. Token secrets never appear.
 */
final class Events {
    private Events() {
    }

    static void record(ClusterStore store, String node, String step, String outcome, String details) {
        String line = Instant.now().truncatedTo(ChronoUnit.MILLIS) + " "
                + store.now().truncatedTo(ChronoUnit.MILLIS) + " " + (node.isEmpty() ? "-" : node) + " " + step
                + " " + outcome + (details == null || details.isEmpty() ? "" : " " + details) + "\n";
        store.locked(() -> {
            try {
                Files.writeString(store.dir().resolve("events"), line, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to " + store.dir().resolve("events"), e);
            }
            return null;
        });
    }

    /** Runs a step between its started and succeeded/failed lines. */
    static void around(ClusterStore store, String node, String step, Runnable action) {
        record(store, node, step, "started", null);
        try {
            action.run();
        } catch (RuntimeException e) {
            record(store, node, step, "failed", null);
            throw e;
        }
        record(store, node, step, "succeeded", null);
    }
}
