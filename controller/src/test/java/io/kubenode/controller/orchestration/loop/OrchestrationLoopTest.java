package io.kubenode.controller.orchestration.loop;

import io.kubenode.common.status.NodeStatus;
import io.kubenode.controller.catalog.CatalogWatches;
import io.kubenode.controller.catalog.ClusterCatalogs;
import io.kubenode.controller.catalog.CompiledCluster;
import io.kubenode.controller.catalog.PublishedCatalog;
import io.kubenode.controller.clusterpki.ClusterPki;
import io.kubenode.controller.clusterpki.ClusterPkiCustody;
import io.kubenode.controller.clusterpki.ClusterPkiGenerator;
import io.kubenode.controller.clusterpki.KeyEncryptionKey;
import io.kubenode.controller.clusterpki.SecretSealer;
import io.kubenode.controller.compiler.CatalogCompiler;
import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.metrics.ControllerMetrics;
import io.kubenode.controller.node.NodeStatuses;
import io.kubenode.controller.orchestration.BootstrapToken;
import io.kubenode.controller.orchestration.ClusterApiObserver;
import io.kubenode.controller.orchestration.ClusterPhase;
import io.kubenode.controller.orchestration.Decision;
import io.kubenode.controller.orchestration.KubeadmStep;
import io.kubenode.controller.orchestration.NodePhase;
import io.kubenode.controller.orchestration.NodeRecord;
import io.kubenode.controller.orchestration.OrchestrationEvent;
import io.kubenode.controller.orchestration.OrchestrationInput;
import io.kubenode.controller.orchestration.OrchestrationRecord;
import io.kubenode.controller.orchestration.Released;
import io.kubenode.controller.store.AuditEntry;
import io.kubenode.controller.store.ClusterPut;
import io.kubenode.controller.store.SqliteStore;
import io.kubenode.controller.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The loop over real controller pieces (SQLite store in a temp dir, the compiler, the watches, sealed secrets) with a
 * scripted decision: what a decision writes, publishes and never writes.
 */
class OrchestrationLoopTest {
    private static final List<String> NODES = List.of("node1.internal", "node2.internal", "node3.internal",
            "node4.internal", "node5.internal");
    private static final byte[] KEK = new byte[32];

    @TempDir
    Path dir;
    private Path dataDir;
    private Store store;
    private SqliteStore sqlite;
    private final List<String> storeCalls = new CopyOnWriteArrayList<>();
    private final ScriptedDecider decider = new ScriptedDecider();
    private final AtomicInteger pkiGenerated = new AtomicInteger();
    private final AtomicInteger apiCalls = new AtomicInteger();
    private Controller controller;

    /** The pieces ControllerAssembly wires, over one store. */
    private record Controller(ClusterCatalogs catalogs, NodeStatuses statuses, ControllerMetrics metrics,
                              OrchestrationLoop loop) {
    }

    @BeforeEach
    void open() {
        dataDir = dir.resolve("data");
        sqlite = SqliteStore.open(dataDir);
        store = recording(sqlite);
        controller = start();
    }

    @AfterEach
    void close() {
        controller.loop().close();
        sqlite.close();
    }

    private Controller start() {
        SecretSealer sealer = new SecretSealer(KeyEncryptionKey.of(KEK));
        BootstrapTokenSecrets tokens = new BootstrapTokenSecrets(store, sealer, new SecureRandom());
        ClusterPkiCustody pki = new ClusterPkiCustody(store, sealer, () -> {
            pkiGenerated.incrementAndGet();
            return ClusterPkiGenerator.generate();
        });
        ClusterCatalogs catalogs = new ClusterCatalogs(new CatalogCompiler(), new CatalogWatches(),
                new SealedOrchestrationSecrets(pki, tokens));
        catalogs.load(store);
        NodeStatuses statuses = new NodeStatuses(dir.resolve("node-status.json"), java.time.Clock.systemUTC());
        ControllerMetrics metrics = new ControllerMetrics(Instant.parse("2036-01-01T00:00:00Z"), () -> 0);
        ClusterApiObserver api = cluster -> {
            apiCalls.incrementAndGet();
            return Optional.of(java.util.Set.copyOf(NODES));
        };
        OrchestrationLoop loop = new OrchestrationLoop(catalogs, statuses, store, decider, api, tokens, metrics,
                java.time.Clock.systemUTC());
        return new Controller(catalogs, statuses, metrics, loop);
    }

    private Store recording(Store real) {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[]{Store.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("putSecretsIfAbsent")) {
                        storeCalls.add("putSecretsIfAbsent " + ((Map<?, ?>) args[0]).keySet());
                    } else if (method.getName().equals("putOrchestration")) {
                        storeCalls.add("putOrchestration " + ((OrchestrationRecord) args[0]).message());
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private ClusterPut.Stored put(String text, long expected) {
        ClusterCatalogs.Checked checked = controller.catalogs().check(text.getBytes(StandardCharsets.UTF_8));
        CompiledCluster compiled = ((ClusterCatalogs.Checked.Valid) checked).compiled();
        return (ClusterPut.Stored) controller.catalogs().put(store, text, expected, "admin", "test", compiled)
                .result();
    }

    private Map<String, String> served() {
        Map<String, String> bodies = new LinkedHashMap<>();
        for (String node : NODES) {
            PublishedCatalog catalog = controller.catalogs().watches().current(node).orElseThrow();
            bodies.put(node, catalog.generation() + " " + catalog.body().toString(StandardCharsets.UTF_8));
        }
        return bodies;
    }

    private long generation(String node) {
        return controller.catalogs().watches().generation(node);
    }

    @Test
    void aDecisionGivesItsChangedNodesANewGenerationAndTheOthersKeepTheirs() throws Exception {
        put(SeedCluster.exampleText(), 0);
        NODES.forEach(node -> assertThat(generation(node)).as(node).isEqualTo(1));
        decider.answer(ScriptedDecider::releaseInit);

        OrchestrationLoop.Run run = controller.loop().runNow();

        assertThat(run).isInstanceOf(OrchestrationLoop.Run.Recorded.class);
        assertThat(generation("node1.internal")).isEqualTo(2);
        assertThat(sqlite.nodeGeneration("node1.internal").orElseThrow().generation()).isEqualTo(2);
        NODES.stream().filter(node -> !node.equals("node1.internal"))
                .forEach(node -> assertThat(generation(node)).as(node).isEqualTo(1));
        String node1 = controller.catalogs().watches().current("node1.internal").orElseThrow().body()
                .toString(StandardCharsets.UTF_8);
        assertThat(node1).contains("\"kubeadm:node\"", "\"file:/etc/kubernetes/pki/ca.key\"", "bootstrapTokens");
        assertThat(sqlite.audit(5)).extracting(AuditEntry::action, AuditEntry::object)
                .contains(org.assertj.core.groups.Tuple.tuple("orchestration.step.release", "node1.internal"));
        assertThat(controller.metrics().scrape()).contains(
                "kubenode_controller_cluster_phase{phase=\"Initializing\"} 1.0",
                "kubenode_controller_cluster_phase{phase=\"WaitingForNodes\"} 0.0");
        assertThat(decider.inputs.get(0).generations()).containsEntry("node1.internal", 1L);
    }

    @Test
    void theTokenSecretIsStoredBeforeTheRecordThatNamesIt() throws Exception {
        put(SeedCluster.exampleText(), 0);
        decider.answer(ScriptedDecider::releaseInit);

        controller.loop().runNow();

        String token = sqlite.orchestration().orElseThrow().token().id();
        List<String> order = new ArrayList<>(storeCalls);
        assertThat(order).containsSubsequence("putSecretsIfAbsent [bootstrap-token/" + token + "]",
                "putOrchestration init released");
        assertThat(order.indexOf("putSecretsIfAbsent [bootstrap-token/" + token + "]"))
                .isLessThan(order.indexOf("putOrchestration init released"));
        assertThat(sqlite.secretNames()).contains("bootstrap-token/" + token, "cluster-pki/ca.key");
    }

    @Test
    void aRestartAndAPutOfTheSameDocumentServeTheSameCatalogsAtTheSameGenerations() throws Exception {
        put(SeedCluster.exampleText(), 0);
        decider.answer(ScriptedDecider::releaseInit);
        controller.loop().runNow();
        Map<String, String> before = served();

        ClusterPut.Stored again = put(SeedCluster.exampleText(), 1);
        assertThat(again.changedNodes()).as("a PUT compiles with the record in force").isEmpty();
        assertThat(served()).isEqualTo(before);

        controller.loop().close();
        controller = start();
        assertThat(served()).as("after a restart").isEqualTo(before);
        assertThat(pkiGenerated).as("the PKI is made once").hasValue(1);
    }

    @Test
    void aPutAfterADecisionKeepsTheReleasedStepsAndMovesOnlyTheEditedNode() throws Exception {
        put(SeedCluster.exampleText(), 0);
        decider.answer(ScriptedDecider::releaseInit);
        controller.loop().runNow();

        ClusterPut.Stored edited = put(SeedCluster.exampleText().replace(
                "role: worker", "role: worker, packages: [tmux]"), 1);

        assertThat(edited.changedNodes()).containsExactlyInAnyOrder("node4.internal", "node5.internal");
        assertThat(generation("node1.internal")).isEqualTo(2);
        assertThat(controller.catalogs().watches().current("node1.internal").orElseThrow().body()
                .toString(StandardCharsets.UTF_8)).contains("\"kubeadm:node\"");
    }

    @Test
    void aPutCheckedBeforeADecisionAndStoredAfterItIsCompiledAgainWithTheNewRecord() throws Exception {
        put(SeedCluster.exampleText(), 0);
        String edited = SeedCluster.exampleText().replace("role: worker", "role: worker, packages: [tmux]");
        CompiledCluster checkedBefore = ((ClusterCatalogs.Checked.Valid) controller.catalogs()
                .check(edited.getBytes(StandardCharsets.UTF_8))).compiled();
        decider.answer(ScriptedDecider::releaseInit);
        controller.loop().runNow();

        ClusterPut.Stored stored = (ClusterPut.Stored) controller.catalogs().put(store, edited, 1, "admin", "test",
                checkedBefore).result();

        assertThat(stored.changedNodes()).doesNotContain("node1.internal");
        assertThat(generation("node1.internal")).isEqualTo(2);
        assertThat(controller.catalogs().watches().current("node1.internal").orElseThrow().body()
                .toString(StandardCharsets.UTF_8)).contains("\"kubeadm:node\"");
    }

    @Test
    void aDecisionThatChangesNothingWritesNothing() throws Exception {
        put(SeedCluster.exampleText(), 0);
        decider.answer(ScriptedDecider::releaseInit);
        controller.loop().runNow();
        int auditRows = sqlite.audit(1000).size();
        Optional<OrchestrationRecord> record = sqlite.orchestration();
        storeCalls.clear();
        decider.answer(ScriptedDecider::nothing);

        OrchestrationLoop.Run run = controller.loop().runNow();

        assertThat(run).isInstanceOf(OrchestrationLoop.Run.Unchanged.class);
        assertThat(storeCalls).isEmpty();
        assertThat(sqlite.audit(1000)).hasSize(auditRows);
        assertThat(sqlite.orchestration()).isEqualTo(record);
    }

    @Test
    void theClusterPkiCanBeMadeAheadSoTheReleaseOfInitDoesNotWaitForIt() throws Exception {
        put(SeedCluster.exampleText(), 0);
        controller.loop().runNow();
        assertThat(pkiGenerated).as("nothing released: no PKI yet").hasValue(0);

        controller.loop().prepareClusterPkiAhead();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(sqlite.secretNames())
                .anyMatch(name -> name.startsWith("cluster-pki/")));
        assertThat(pkiGenerated).as("made ahead, on a thread of its own, so the init release does not wait for four "
                + "RSA keys").hasValue(1);
        decider.answer(ScriptedDecider::releaseInit);
        controller.loop().runNow();
        assertThat(pkiGenerated).as("the release reads the stored PKI").hasValue(1);
    }

    @Test
    void theClusterApiIsAskedOnlyOnceEveryNodeHasJoinedAndAtMostEveryFiveSeconds() throws Exception {
        put(SeedCluster.exampleText(), 0);
        decider.answer(ScriptedDecider::releaseInit);
        controller.loop().runNow();
        controller.loop().runNow();
        assertThat(apiCalls).as("no API to ask while nodes have not joined (an unreachable endpoint would cost "
                + "every decision its connect timeout)").hasValue(0);
        assertThat(decider.inputs).allMatch(input -> input.apiReadyNodes().isEmpty());

        decider.answer(OrchestrationLoopTest::everyNodeJoined);
        controller.loop().runNow();
        controller.loop().runNow();
        controller.loop().runNow();

        assertThat(apiCalls).as("asked once, the answer kept for a few seconds").hasValue(1);
        assertThat(decider.inputs.get(decider.inputs.size() - 1).apiReadyNodes()).contains(java.util.Set.copyOf(
                NODES));
    }

    private static Decision everyNodeJoined(OrchestrationInput input) {
        String now = input.now().toString();
        Map<String, NodeRecord> nodes = new LinkedHashMap<>();
        for (String node : NODES) {
            nodes.put(node, new NodeRecord(NodePhase.Joined, now, "joined", input.record().released(node), 1, null,
                    null, now));
        }
        OrchestrationRecord next = new OrchestrationRecord(ClusterPhase.Verifying, now, "verifying",
                input.record().phaseEnteredAt(), nodes, input.record().token());
        return new Decision(next, java.util.Set.of(), List.of(), false, Optional.empty());
    }

    @Test
    void noSecretIsInTheStoreInClear() throws Exception {
        put(SeedCluster.exampleText(), 0);
        decider.answer(ScriptedDecider::releaseInit);
        controller.loop().runNow();
        String token = sqlite.orchestration().orElseThrow().token().id();
        String tokenValue = new BootstrapTokenSecrets(sqlite, new SecretSealer(KeyEncryptionKey.of(KEK)),
                new SecureRandom()).value(token);
        ClusterPki pki = new ClusterPkiCustody(sqlite, new SecretSealer(KeyEncryptionKey.of(KEK))).stored()
                .orElseThrow();
        List<String> needles = new ArrayList<>(List.of(tokenValue, tokenValue.substring(7)));
        for (String path : ClusterPki.PRIVATE_KEY_PATHS) {
            new String(pki.file(path), StandardCharsets.US_ASCII).lines().filter(line -> !line.startsWith("-----"))
                    .forEach(needles::add);
        }

        List<Path> files;
        try (Stream<Path> all = Files.walk(dataDir)) {
            files = all.filter(Files::isRegularFile).toList();
        }
        assertThat(files).contains(dataDir.resolve("kubenode.db"));
        String catalog = controller.catalogs().watches().current("node1.internal").orElseThrow().body()
                .toString(StandardCharsets.UTF_8);
        assertThat(catalog).as("the search finds what is there").contains(tokenValue);
        for (Path file : files) {
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (String needle : needles) {
                assertThat(content.contains(needle)).as("a secret in clear in " + file).isFalse();
            }
        }
    }

    @Test
    void theDecisionsWakeAtBringsTheNextDecisionWithoutAnyReportAndRetriesAreCounted() {
        put(SeedCluster.exampleText(), 0);
        decider.answer(input -> {
            Decision init = ScriptedDecider.releaseInit(input);
            boolean first = input.record().token() == null;
            return new Decision(first ? init.next() : input.record(), first ? init.changedNodes() : Set.of(),
                    first ? List.of(new OrchestrationEvent("step.retry", "node4.internal", "join-worker",
                            "attempt 2 after 30 s")) : List.of(), first,
                    Optional.of(input.now().plusMillis(300)));
        });
        controller.loop().start();

        await().atMost(Duration.ofSeconds(10)).until(() -> decider.inputs.size() >= 4);
        assertThat(controller.metrics().scrape()).contains(
                "kubenode_controller_orchestration_step_retries_total{step=\"join-worker\"} 1.0",
                "kubenode_controller_orchestration_decision_seconds_count");
    }

    @Test
    void aStatusAndAClusterRevisionEachTriggerADecision() {
        controller.loop().start();
        int before = decider.inputs.size();

        put(SeedCluster.exampleText(), 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> decider.inputs.size() > before);
        int afterRevision = decider.inputs.size();

        controller.statuses().record(new NodeStatus("node4.internal", 1, 1, null, true, false,
                Instant.now().toString(), null, null, null, null, null));
        await().atMost(Duration.ofSeconds(10)).until(() -> decider.inputs.size() > afterRevision);
        assertThat(decider.inputs.get(decider.inputs.size() - 1).statuses()).containsKey("node4.internal");
    }
}
