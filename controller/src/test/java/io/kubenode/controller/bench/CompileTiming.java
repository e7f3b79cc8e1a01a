package io.kubenode.controller.bench;

import io.kubenode.controller.catalog.CatalogWatches;
import io.kubenode.controller.catalog.ClusterCatalogs;
import io.kubenode.controller.catalog.CompiledCluster;
import io.kubenode.controller.compiler.CatalogCompiler;
import io.kubenode.controller.store.ClusterPut;
import io.kubenode.controller.store.SqliteStore;

import java.io.Closeable;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where a fleet-sized cluster PUT spends its time inside the controller, phase by phase (check = read, validate,
 * compile; store = the revision and every node's content hash in one transaction; publish = serialise every
 * catalog and wake the watches), and the time the JVM's collectors took. Usage: CompileTiming NODES ROUNDS.
 */
public final class CompileTiming {
    public static void main(String[] args) throws Exception {
        int size = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        Path dir = Files.createTempDirectory("kubenode-compile-timing");
        // closed in reverse: the store first, then its directory goes
        try (Closeable cleanUp = () -> deleteTree(dir); SqliteStore store = SqliteStore.open(dir)) {
            ClusterCatalogs catalogs = new ClusterCatalogs(new CatalogCompiler(), new CatalogWatches());
            for (int round = 0; round < rounds; round++) {
                byte[] document = FleetDocument.of(size, round).getBytes(StandardCharsets.UTF_8);
                long started = System.nanoTime();
                CompiledCluster compiled = ((ClusterCatalogs.Checked.Valid) catalogs.check(document)).compiled();
                long checked = System.nanoTime();
                ClusterPut.Stored stored = (ClusterPut.Stored) store.putCluster(new String(document,
                        StandardCharsets.UTF_8), round, "bench", "timing", compiled.records());
                long kept = System.nanoTime();
                catalogs.published(compiled, stored);
                long published = System.nanoTime();
                System.out.printf("%d nodes, round %d: check %d ms, store %d ms, publish %d ms%n", size, round,
                        (checked - started) / 1_000_000, (kept - checked) / 1_000_000, (published - kept) / 1_000_000);
            }
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                System.out.printf("%s: %d collections, %d ms in total%n", collector.getName(),
                        collector.getCollectionCount(), collector.getCollectionTime());
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
