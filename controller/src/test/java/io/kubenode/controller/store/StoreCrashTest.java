package io.kubenode.controller.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of a process writing to the store at random moments: every write it acknowledged is there after reopening,
 * and the reopened file passes the integrity check (opening runs it).
 */
class StoreCrashTest {
    private static final Pattern ACK = Pattern.compile("(cluster|token) (\\w+) acked");
    private static final int ROUNDS = 5;

    @TempDir
    Path dataDir;

    static String document(long version) {
        return "kind: Cluster\n# revision " + version + "\n" + "spec: padding\n".repeat(50);
    }

    /** Only whole lines count: a line cut by the kill does not match. */
    private static void readAcks(Process child, AtomicLong lastVersion, Set<String> tokens) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                Matcher ack = ACK.matcher(line);
                if (ack.matches() && ack.group(1).equals("cluster")) {
                    lastVersion.set(Long.parseLong(ack.group(2)));
                } else if (ack.matches()) {
                    tokens.add(ack.group(2));
                }
            }
        } catch (IOException closedByTheKill) {
            // destroyForcibly closes the pipe; acknowledgements still unread are simply not checked
        }
    }

    @Test
    void everyAcknowledgedWriteSurvivesKillMinus9() throws Exception {
        SplittableRandom random = new SplittableRandom(2026);
        AtomicLong lastVersion = new AtomicLong();
        Set<String> tokens = ConcurrentHashMap.newKeySet();
        for (int round = 0; round < ROUNDS; round++) {
            long before = lastVersion.get();
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), StoreCrashChild.class.getName(),
                    dataDir.toString(), "r" + round + "x")
                    .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            Thread reader = new Thread(() -> readAcks(child, lastVersion, tokens));
            reader.start();
            try {
                // Wait until the child writes, then let it run a random while so the kill lands mid-commit or not.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (lastVersion.get() == before && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(lastVersion.get()).as("round " + round + " wrote something").isGreaterThan(before);
                Thread.sleep(50 + random.nextInt(400));
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
                reader.join(TimeUnit.SECONDS.toMillis(10));
            }

            try (SqliteStore store = SqliteStore.open(dataDir)) {
                long acknowledged = lastVersion.get();
                List<ClusterRevision> history = store.clusterHistory();
                assertThat(history.size()).as("round " + round).isGreaterThanOrEqualTo((int) acknowledged);
                for (long version = 1; version <= acknowledged; version++) {
                    assertThat(store.clusterRevision(version)).as("version " + version).map(ClusterRevision::text)
                            .contains(document(version));
                }
                // The child may have committed one more write than it printed; the next round starts from there.
                lastVersion.set(history.size());
                assertThat(store.tokens()).extracting(TokenInfo::id).containsAll(tokens);
            }
        }
    }
}
