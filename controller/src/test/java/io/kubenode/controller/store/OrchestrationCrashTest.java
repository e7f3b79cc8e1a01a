package io.kubenode.controller.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of a process writing orchestration records with their catalogs: after reopening, the record and every
 * catalog generation and the audit row are of the same write (old or new, never a mix), and no acknowledged write
 * is lost.
 */
class OrchestrationCrashTest {
    private static final Pattern ACK = Pattern.compile("record (\\d+) acked");

    @TempDir
    Path dataDir;

    @Test
    void aRecordAndItsCatalogsSurviveKillMinus9TogetherOrNotAtAll() throws Exception {
        SplittableRandom random = new SplittableRandom(12);
        AtomicLong acknowledged = new AtomicLong();
        for (int round = 0; round < 4; round++) {
            long before = acknowledged.get();
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), OrchestrationCrashChild.class.getName(),
                    dataDir.toString()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            Thread reader = new Thread(() -> readAcks(child, acknowledged));
            reader.start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (acknowledged.get() == before && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(acknowledged.get()).as("round " + round + " wrote something").isGreaterThan(before);
                Thread.sleep(50 + random.nextInt(300));
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
                reader.join(TimeUnit.SECONDS.toMillis(10));
            }

            try (SqliteStore store = SqliteStore.open(dataDir)) {
                long written = Long.parseLong(store.orchestration().orElseThrow().message());
                assertThat(written).as("round " + round).isGreaterThanOrEqualTo(acknowledged.get());
                for (String node : new String[]{"a", "b", "c"}) {
                    NodeGeneration generation = store.nodeGeneration(node).orElseThrow();
                    assertThat(generation.contentHash()).as(node).isEqualTo("h" + written);
                    assertThat(generation.generation()).as(node).isEqualTo(written);
                }
                assertThat(store.audit(1).get(0).summary()).isEqualTo(Long.toString(written));
                acknowledged.set(written);
            }
        }
    }

    private static void readAcks(Process child, AtomicLong acknowledged) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                Matcher ack = ACK.matcher(line);
                if (ack.matches()) {
                    acknowledged.set(Long.parseLong(ack.group(1)));
                }
            }
        } catch (IOException closedByTheKill) {
            // unread acknowledgements are not checked
        }
    }
}
