package io.kubenode.controller.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.document.DocumentReader;
import io.kubenode.common.document.Documents;
import io.kubenode.common.document.ReadResult;
import io.kubenode.controller.api.ClientTls;
import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.store.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of the real controller process while several admin clients write through its API: 1,000 writes, half
 * cluster applies (each a distinct document, based on the resourceVersion read just before) and half token
 * creations, with the controller killed six times mid-traffic and restarted on the same data dir. Every write the
 * controller acknowledged with a 2xx must be there afterwards, exactly as sent; the history must be dense and hold
 * only documents that were sent whole; and every restart must pass the store's integrity check (serve runs it before
 * it listens).
 */
class ControllerCrashIT {
    private static final int WRITERS = 6;
    private static final int WRITES = 1000;
    private static final int KILLS = 6;
    /** Kills land around evenly spaced write counts, moved by up to this many writes (seeded). */
    private static final int JITTER = 40;
    private static final Duration START_WITHIN = Duration.ofSeconds(60);
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);
    private static final Duration WRITES_WITHIN = Duration.ofSeconds(90);
    private static final String EXAMPLE = SeedCluster.exampleText();

    @TempDir
    Path dir;

    private final WriteLedger ledger = new WriteLedger();
    private final AtomicReference<ControllerProcess> current = new AtomicReference<>();
    private HttpClient client;

    @Test
    void everyAcknowledgedWriteSurvivesRepeatedKillMinus9() throws Exception {
        Path data = dir.resolve("data");
        ControllerProcess.init(data, dir.resolve("init.log"));
        client = ClientTls.httpClient(ClientTls.fromAdminConfig(data.resolve("admin.conf")));
        List<ControllerProcess> started = new ArrayList<>();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        long begun = System.nanoTime();
        int kills = 0;
        try {
            started.add(ControllerProcess.start(data, dir.resolve("serve-0.log"), START_WITHIN));
            current.set(started.get(0));
            List<Future<?>> running = new ArrayList<>();
            for (int writer = 0; writer < WRITERS; writer++) {
                int id = writer;
                running.add(writers.submit(() -> writeUntilDone(id)));
            }
            SplittableRandom random = new SplittableRandom(20260502);
            for (int kill = 1; kill <= KILLS; kill++) {
                int at = kill * WRITES / (KILLS + 1) + random.nextInt(-JITTER, JITTER + 1);
                // A writer that stopped early failed: stop waiting and let get() below say why.
                await("write " + at).atMost(WRITES_WITHIN).until(() -> ledger.writesSent.get() >= at
                        || running.stream().anyMatch(Future::isDone));
                current.get().kill();
                kills++;
                started.add(ControllerProcess.start(data, dir.resolve("serve-" + kill + ".log"), START_WITHIN));
                current.set(started.get(kill));
            }
            for (Future<?> writer : running) {
                writer.get(WRITES_WITHIN.toSeconds(), TimeUnit.SECONDS);
            }

            int revisions = checkHistory();
            int tokens = checkTokens();
            System.out.printf("ControllerCrashIT: %d writes by %d clients, %d kills, %d requests cut by a kill; "
                            + "acknowledged %d cluster revisions (%d conflicts) and %d of %d tokens; stored %d "
                            + "revisions and %d tokens; %d s%n", ledger.writesSent.get(), WRITERS, kills,
                    ledger.cutByKill.get(), ledger.acknowledgedRevisions.size(), ledger.refusedDocuments.size(),
                    ledger.acknowledgedTokens.size(), ledger.tokensSent.get(), revisions, tokens,
                    Duration.ofNanos(System.nanoTime() - begun).toSeconds());
            assertThat(ledger.unexpected).as("answers no write should get").isEmpty();
            assertThat(kills).isEqualTo(KILLS);
            assertThat(ledger.writesSent.get()).isEqualTo(WRITES);
            assertThat(ledger.cutByKill.get()).as("requests the kills cut off").isPositive();
            assertThat(ledger.acknowledgedRevisions.size()).as("acknowledged cluster revisions").isGreaterThan(50);
            assertThat(ledger.acknowledgedTokens.size()).as("acknowledged tokens").isGreaterThan(300);

            assertThat(current.get().stop()).as("SIGTERM after the test").isZero();
            try (SqliteStore store = SqliteStore.open(data)) {
                assertThat(store.clusterHistory()).as("the store, reopened (integrity check)").hasSize(revisions);
            }
        } finally {
            writers.shutdownNow();
            started.forEach(ControllerProcess::destroy);
        }
    }

    /** One client: cluster applies and token creations by turns, until the shared budget of writes is spent. */
    private Void writeUntilDone(int writer) throws Exception {
        for (int turn = 0; ; turn++) {
            ControllerProcess controller = current.get();
            try {
                boolean more = turn % 2 == 0 ? applyCluster(controller, writer) : createToken(controller);
                if (!more) {
                    return null;
                }
            } catch (IOException cut) {
                // The connection died under the request: wait for the restart, not for this controller.
                ledger.cutByKill.incrementAndGet();
                await("a restart after " + cut).atMost(START_WITHIN.plus(WRITES_WITHIN))
                        .until(() -> current.get() != controller);
            }
        }
    }

    /** GET the current version, then PUT a distinct document on it: 200 acknowledges a revision, 409 lost a race. */
    private boolean applyCluster(ControllerProcess controller, int writer) throws IOException, InterruptedException {
        long version = currentVersion(controller);
        int write = ledger.claimWrite(WRITES);
        if (write < 0) {
            return false;
        }
        String text = document(writer, write);
        ledger.sentDocuments.add(text);
        HttpResponse<String> answer = send(HttpRequest.newBuilder(controller.uri("/api/v1/cluster?resourceVersion="
                + version)).header("Content-Type", "application/yaml").PUT(HttpRequest.BodyPublishers.ofString(text)));
        if (answer.statusCode() == 200 && json(answer).path("resourceVersion").asLong() == version + 1) {
            ledger.acknowledgeRevision(version + 1, text);
        } else if (answer.statusCode() == 409) {
            ledger.refusedDocuments.add(text);
        } else {
            ledger.unexpected.add("PUT on " + version + ": " + answer.statusCode() + " " + answer.body());
        }
        return true;
    }

    private boolean createToken(ControllerProcess controller) throws IOException, InterruptedException {
        if (ledger.claimWrite(WRITES) < 0) {
            return false;
        }
        ledger.tokensSent.incrementAndGet();
        HttpResponse<String> answer = send(HttpRequest.newBuilder(controller.uri("/api/v1/tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"ttlSeconds\": 3600, \"uses\": 1}")));
        if (answer.statusCode() == 201) {
            ledger.acknowledgeToken(json(answer).path("id").asText());
        } else {
            ledger.unexpected.add("POST token: " + answer.statusCode() + " " + answer.body());
        }
        return true;
    }

    private long currentVersion(ControllerProcess controller) throws IOException, InterruptedException {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(controller.uri("/api/v1/cluster")).GET());
        if (answer.statusCode() == 404) {
            return 0;
        }
        if (answer.statusCode() != 200) {
            ledger.unexpected.add("GET cluster: " + answer.statusCode() + " " + answer.body());
        }
        return json(answer).path("resourceVersion").asLong();
    }

    /**
     * History after the last restart: versions 1..N without gap or repeat, each acknowledged revision with exactly
     * its text, every stored text one that was sent and not refused (whole: it still parses as a cluster), none
     * stored twice.
     */
    private int checkHistory() throws IOException, InterruptedException {
        JsonNode history = json(send(HttpRequest.newBuilder(current.get().uri("/api/v1/cluster/history")).GET()));
        Map<Long, String> stored = new LinkedHashMap<>();
        history.forEach(revision -> stored.put(revision.path("resourceVersion").asLong(),
                revision.path("document").asText()));

        assertThat(stored).hasSize(history.size());
        assertThat(stored.keySet()).containsExactlyElementsOf(LongStream.rangeClosed(1, history.size()).boxed()
                .toList());
        ledger.acknowledgedRevisions.forEach((version, text) ->
                assertThat(stored.get(version)).as("acknowledged revision " + version).isEqualTo(text));
        assertThat(stored.values()).doesNotHaveDuplicates().allSatisfy(text -> {
            assertThat(ledger.sentDocuments).as("a stored text was sent").contains(text);
            assertThat(ledger.refusedDocuments).as("a stored text was not refused with 409").doesNotContain(text);
            assertThat(DocumentReader.read(text.getBytes(StandardCharsets.UTF_8), Cluster.class))
                    .isInstanceOf(ReadResult.Read.class);
        });
        return stored.size();
    }

    /** Every acknowledged token listed; nothing listed beyond what was sent. */
    private int checkTokens() throws IOException, InterruptedException {
        JsonNode tokens = json(send(HttpRequest.newBuilder(current.get().uri("/api/v1/tokens")).GET()));
        Set<String> ids = new HashSet<>();
        tokens.forEach(token -> ids.add(token.path("id").asText()));

        assertThat(ids).containsAll(ledger.acknowledgedTokens);
        assertThat(ids.size()).isEqualTo(tokens.size()).isLessThanOrEqualTo(ledger.tokensSent.get());
        return ids.size();
    }

    /** The example, renamed and labelled per write, so each stored revision names the one request it came from. */
    private static String document(int writer, int write) {
        return "# crash test: write " + write + " by writer " + writer + "\n"
                + EXAMPLE.replace("\n  name: lab\n", "\n  name: lab-" + write + "\n");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(ANSWER_WITHIN).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> answer) throws IOException {
        return Documents.json().readTree(answer.body());
    }
}
