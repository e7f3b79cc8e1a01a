package io.kubenode.controller.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.status.NodeSummary;
import io.kubenode.controller.clusterpki.KeyEncryptionKey;
import io.kubenode.controller.clusterpki.SecretSealer;
import io.kubenode.controller.init.InitLayout;
import io.kubenode.controller.orchestration.BootstrapToken;
import io.kubenode.controller.store.SqliteStore;
import io.kubenode.controller.realcheck.ExternalCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bring-up end to end, with real processes: a controller, the seed's five nodes as sandbox agents whose kubeadm
 * and kubectl are the simulator (test sources; it really starts a TLS apiserver stand-in and a kubelet health
 * endpoint per node on the node's loopback address 127.0.1.6x), real haproxy in front of the simulated apiservers on
 * the virtual IP 127.0.1.66:8888 (its configuration is the one the controller compiled for node1), and nothing else:
 * after {@code kubenodectl apply} nobody types a command until {@code get cluster} says Ready. The order is read
 * from the simulator's event log (what kubeadm really did, when) and the controller's audit log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrchestrationIT {
    private static final Duration BRING_UP_WITHIN = Duration.ofMinutes(6);
    private static final Duration REMOVAL_WITHIN = Duration.ofMinutes(4);
    private static final List<String> CONTROL_PLANES = OrchestratedCluster.CONTROL_PLANES;
    private static final List<String> WORKERS = OrchestratedCluster.WORKERS;
    private static final String[] KEY_FILES = {"ca.key", "sa.key", "front-proxy-ca.key", "etcd/ca.key"};

    /** Static: JUnit fills instance @TempDir fields only after @BeforeAll, even per class. */
    @TempDir
    static Path work;
    private OrchestratedCluster cluster;
    private ControllerFixture controller;
    private Path clusterDir;
    private Path clusterFile;
    private Map<String, SandboxNode> nodes;

    @BeforeAll
    void bringUp() throws Exception {
        cluster = OrchestratedCluster.seedWithRealEtcd(work);
        controller = cluster.controller();
        clusterDir = cluster.clusterDir();
        clusterFile = cluster.clusterFile();
        nodes = cluster.nodes();
        // The second control plane's first join fails half-way (files written, nothing started), as a real one can.
        Files.writeString(clusterDir.resolve("faults"), "node2.internal join fail 1\n");
        cluster.applyAndStartHaproxy();
        cluster.awaitReady("the first bring-up", BRING_UP_WITHIN);
    }

    @AfterAll
    void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void kubeadmRanInTheSeedsOrderInitOnceControlPlanesOneAtATimeWorkersAfter() throws IOException {
        List<OrchestratedCluster.SimulatorEvent> events = cluster.simulatorEvents();
        List<OrchestratedCluster.SimulatorEvent> inits = events.stream().filter(event -> event.step().equals("init")).toList();
        assertThat(inits).as("kubeadm init ran once, on node1, and succeeded:\n" + events)
                .extracting(event -> event.node() + " " + event.what())
                .containsExactly("node1.internal started", "node1.internal succeeded");
        Instant initDone = inits.get(1).wall();

        List<OrchestratedCluster.SimulatorEvent> joins = events.stream().filter(event -> event.step().startsWith("join-")).toList();
        assertThat(joins).as("every join started after init succeeded").allMatch(join -> !join.wall()
                .isBefore(initDone));
        List<OrchestratedCluster.SimulatorEvent> controlPlaneJoins = joins.stream()
                .filter(event -> event.step().equals("join-control-plane")).toList();
        assertThat(controlPlaneJoins).as("control planes joined one at a time, in document order; node2's first "
                        + "join failed (the fault), was reset and retried before node3 started")
                .extracting(event -> event.node() + " " + event.what())
                .containsExactly("node2.internal started", "node2.internal failed",
                        "node2.internal started", "node2.internal succeeded",
                        "node3.internal started", "node3.internal succeeded");
        List<String> node2Steps = events.stream().filter(event -> event.node().equals("node2.internal")
                && !event.step().equals("join-token")).map(event -> event.step() + " " + event.what()).toList();
        assertThat(node2Steps).as("the failed join was reset before the retry").containsExactly(
                "join-control-plane started", "join-control-plane failed", "reset started", "reset succeeded",
                "join-control-plane started", "join-control-plane succeeded");
        Instant lastControlPlane = controlPlaneJoins.get(5).wall();
        List<OrchestratedCluster.SimulatorEvent> workerJoins = joins.stream().filter(event -> event.step().equals("join-worker"))
                .toList();
        assertThat(workerJoins).extracting(OrchestratedCluster.SimulatorEvent::node).containsOnly(WORKERS.toArray(String[]::new));
        assertThat(workerJoins).as("workers joined after the last control plane")
                .allMatch(join -> !join.wall().isBefore(lastControlPlane));
        assertThat(events).as("no step failed but the one the fault failed")
                .filteredOn(event -> event.what().equals("failed")).hasSize(1);
        assertThat(controller.metrics().value("kubenode_controller_orchestration_step_retries_total",
                Map.of("step", "join-control-plane"))).as("the retry is counted").isEqualTo(1.0);
        JsonNode node2 = node("node2.internal");
        assertThat(node2.path("attempts").asInt()).isEqualTo(2);
        assertThat(node2.path("lastFailure").asText()).as("the failure kept: exit code and output tail")
                .contains("exited 1").contains("simulated failure of join");
    }

    /**
     * Real etcd members (Debian's etcd, started by the simulated kubeadm as the kubelet would from the manifest): the
     * three control planes, each started once. node2's first join failed after its member was added and started, so
     * the reset before the retry had to remove that member through etcd's API: a leftover would show here as a fourth
     * member, or as an unstarted one.
     */
    @Test
    @Order(8)
    void etcdHasExactlyTheThreeControlPlanesAsStartedMembersSeenFromEachOfThem() throws Exception {
        for (String through : CONTROL_PLANES) {
            List<OrchestratedCluster.EtcdMemberLine> members = cluster.etcdMembers(through);
            assertThat(members).as("etcdctl member list through " + through)
                    .extracting(OrchestratedCluster.EtcdMemberLine::name).containsExactlyInAnyOrderElementsOf(
                            CONTROL_PLANES);
            assertThat(members).as("every member started").allMatch(OrchestratedCluster.EtcdMemberLine::started);
            for (OrchestratedCluster.EtcdMemberLine member : members) {
                assertThat(member.peerUrl()).as(member.name() + "'s peer URL is its own address")
                        .isEqualTo("https://" + OrchestratedCluster.loopbackOf(member.name()) + ":2380");
            }
        }
    }

    private JsonNode node(String name) {
        for (JsonNode node : controller.kubenodectl().orchestration().path("nodes")) {
            if (node.path("name").asText().equals(name)) {
                return node;
            }
        }
        throw new AssertionError("no orchestration entry for " + name);
    }

    @Test
    @Order(2)
    void theNetworkWasAppliedOnceRightAfterInitAndBeforeAnyJoin() throws IOException {
        try (Stream<Path> applied = Files.list(clusterDir.resolve("applied"))) {
            assertThat(applied.toList()).as("one manifest applied (the CNI)").hasSize(1);
        }
        List<String> releases = auditLines().stream().filter(line -> line.contains("orchestration.step.release"))
                .toList();
        int init = indexOf(releases, "init");
        int network = indexOf(releases, "network");
        int firstJoin = indexOf(releases, "join-");
        assertThat(init).as("releases:\n" + String.join("\n", releases)).isGreaterThanOrEqualTo(0);
        assertThat(network).as("the network right after init:\n" + String.join("\n", releases))
                .isGreaterThan(init).isLessThan(firstJoin);
        assertThat(releases.stream().filter(line -> line.contains(" network")).count()).isEqualTo(1);
    }

    @Test
    @Order(3)
    void everyJoinUsedATokenThatWasValidAtThatMoment() throws IOException {
        List<OrchestratedCluster.SimulatorEvent> accepted = cluster.simulatorEvents().stream()
                .filter(event -> event.step().equals("join-token")).toList();
        assertThat(accepted).as("one accepted token per join (node2's first join failed after its token passed)")
                .hasSize(5);
        for (OrchestratedCluster.SimulatorEvent event : accepted) {
            String expires = event.detail().replaceAll(".*expires=(\\S+).*", "$1");
            assertThat(expires).isNotEqualTo("never");
            assertThat(Instant.parse(expires)).as(event.toString()).isAfter(event.simulated());
        }
    }

    @Test
    @Order(4)
    void theClusterKeysAreOnTheThreeControlPlanesAndOnNoWorker() {
        for (String name : CONTROL_PLANES) {
            for (String key : KEY_FILES) {
                Path file = nodes.get(name).file("/etc/kubernetes/pki/" + key);
                assertThat(file).as(name + " holds " + key).exists();
                assertThat(posixMode(file)).as(file.toString()).isEqualTo("rw-------");
            }
        }
        byte[] caKey = read(nodes.get("node1.internal").file("/etc/kubernetes/pki/ca.key"));
        for (String name : CONTROL_PLANES) {
            assertThat(read(nodes.get(name).file("/etc/kubernetes/pki/ca.key"))).as("one cluster CA").isEqualTo(caKey);
        }
        for (String name : WORKERS) {
            for (String key : KEY_FILES) {
                assertThat(nodes.get(name).file("/etc/kubernetes/pki/" + key)).as(name + " holds no " + key)
                        .doesNotExist();
            }
        }
    }

    @Test
    @Order(5)
    void noSecretIsInAnyLogReportStateDirDatabaseOrAdminOutput() throws IOException {
        Map<String, String> secrets = new LinkedHashMap<>();
        Path pki = nodes.get("node1.internal").file("/etc/kubernetes/pki");
        for (String key : KEY_FILES) {
            String pem = Files.readString(pki.resolve(key));
            secrets.put(key, pem.lines().filter(line -> !line.startsWith("-----")).skip(1).findFirst()
                    .orElseThrow());
        }
        // The bootstrap tokens, all of them (deleted from the cluster once no node waits), from the controller's
        // store: only the key-encryption key opens them.
        SecretSealer sealer = new SecretSealer(KeyEncryptionKey.load(new InitLayout(controller.dataDir())));
        try (SqliteStore store = SqliteStore.open(controller.dataDir())) {
            for (String name : store.secretNames()) {
                if (name.startsWith(BootstrapToken.SECRET_PREFIX)) {
                    String token = new String(sealer.unseal(name, store.sealedSecret(name).orElseThrow()),
                            StandardCharsets.UTF_8);
                    secrets.put(name, token.substring(token.indexOf('.') + 1));
                }
            }
        }
        assertThat(secrets).as("the test found secrets to look for").hasSizeGreaterThanOrEqualTo(5);

        List<Path> places = new ArrayList<>();
        places.add(controller.dataDir());
        places.addAll(Files.list(work.resolve("controller")).filter(file -> file.toString().endsWith(".log"))
                .toList());
        for (SandboxNode node : nodes.values()) {
            places.add(node.dir().resolve("run.log"));
            places.add(node.state(""));
        }
        Kubenodectl kubenodectl = controller.kubenodectl();
        Path adminOutput = work.resolve("admin-output.txt");
        StringBuilder output = new StringBuilder();
        for (String name : allNodes()) {
            output.append(kubenodectl.run("describe", "node", name)).append('\n');
        }
        output.append(kubenodectl.run("get", "cluster", "-o", "json")).append('\n');
        output.append(kubenodectl.run("audit", "--limit", "1000")).append('\n');
        output.append(kubenodectl.output("diff", "-f", clusterFile.toString()));
        Files.writeString(adminOutput, output);
        places.add(adminOutput);

        List<String> found = new ArrayList<>();
        for (Path place : places) {
            for (Path file : files(place)) {
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                secrets.forEach((what, secret) -> {
                    if (text.contains(secret)) {
                        found.add(what + " in " + file);
                    }
                });
            }
        }
        assertThat(found).as("secrets in clear outside their target files").isEmpty();
    }

    @Test
    @Order(6)
    void aMintedKubeconfigWorksWithRealKubectlThroughHaproxyAndTheVip() throws Exception {
        Path kubeconfig = work.resolve("admin.kubeconfig");
        controller.kubenodectl().run("kubeconfig", "--ttl", "1h", "-o", kubeconfig.toString());
        ExternalCommand.Result nodesSeen = ExternalCommand.run(List.of(ExternalCommand.require("kubectl"),
                "--kubeconfig", kubeconfig.toString(), "--server", "https://" + OrchestratedCluster.VIP + ":" + OrchestratedCluster.ENDPOINT_PORT,
                "--tls-server-name", OrchestratedCluster.ENDPOINT_NAME, "get", "nodes", "-o", "name"));
        assertThat(nodesSeen.exitCode()).as(nodesSeen.describe()).isZero();
        assertThat(nodesSeen.stdout().lines().map(line -> line.replace("node/", "")).toList())
                .containsExactlyInAnyOrderElementsOf(allNodes());
    }

    @Test
    @Order(7)
    void aSixthNodeAddedAfterReadyJoinsAloneAndOnlyTheTokenHolderCatalogMoves() throws Exception {
        String holder = controller.kubenodectl().orchestration().path("token").path("holder").asText(null);
        Files.writeString(clusterFile, Files.readString(clusterFile)
                + "  - {name: node6.internal, address: 127.0.1.68, role: worker}\n");
        cluster.startAgent("node6.internal", "127.0.1.68");
        cluster.applyAndStartHaproxy();
        // The document's change itself moves every node once (/etc/hosts names node6); the orchestration of
        // node6's join must not move any other node but the token's holder after that.
        Map<String, Long> before = generations();
        await("node6 to be Ready").atMost(BRING_UP_WITHIN).pollInterval(Duration.ofSeconds(1))
                .until(() -> "Ready".equals(controller.kubenodectl().node("node6.internal").phase()));
        cluster.awaitReady("the day-2 join of node6", BRING_UP_WITHIN);

        assertThat(cluster.simulatorEvents()).filteredOn(event -> event.node().equals("node6.internal")
                        && event.step().equals("join-worker"))
                .extracting(OrchestratedCluster.SimulatorEvent::what).containsExactly("started", "succeeded");
        Map<String, Long> after = generations();
        for (String name : allNodesBefore6()) {
            if (!name.equals(holder)) {
                assertThat(after.get(name)).as(name + "'s catalog generation (holder of the token: " + holder + ")")
                        .isEqualTo(before.get(name));
            }
        }
        assertThat(cluster.simulatorEvents()).as("nothing ran again on the first five nodes")
                .filteredOn(event -> !event.node().equals("node6.internal") && !event.step().equals("join-token"))
                .hasSize(14);
    }

    /**
     * Day-2 removal: a revision drops node3 (a control plane) and node5 (a worker). Each is drained from node1, node3's
     * etcd member is removed through node1's etcd before node3 is reset, both are reset by their own agents, their
     * Node objects deleted, and their catalogs withdrawn; the cluster stays Ready on two members.
     */
    @Test
    @Order(9)
    void aControlPlaneAndAWorkerDroppedFromTheDocumentLeaveTheClusterMemberFirst() throws Exception {
        String full = Files.readString(clusterFile);
        Files.writeString(clusterFile, full.replaceAll("  - \\{name: node[35]\\.internal[^\n]*\n", ""));
        controller.kubenodectl().apply(clusterFile);
        Instant start = Instant.now();
        assertThat(controller.kubenodectl().orchestration().path("departures")).as("stored with the revision")
                .extracting(each -> each.path("name").asText()).containsExactly("node3.internal", "node5.internal");

        await("node3 and node5 to leave").atMost(REMOVAL_WITHIN).pollInterval(Duration.ofSeconds(1))
                .until(() -> controller.kubenodectl().orchestration().path("departures").isEmpty());
        System.out.printf("OrchestrationIT: node3 (control plane) and node5 (worker) left in %d s%n",
                Duration.between(start, Instant.now()).toSeconds());
        cluster.awaitReady("the cluster after the removal", BRING_UP_WITHIN);

        for (String through : List.of("node1.internal", "node2.internal")) {
            assertThat(cluster.etcdMembers(through)).as("members through " + through)
                    .extracting(OrchestratedCluster.EtcdMemberLine::name)
                    .containsExactlyInAnyOrder("node1.internal", "node2.internal");
        }
        List<String> audit = auditLines();
        int memberRemoved = indexOfAll(audit, "orchestration.departure.step", "node3.internal", "RemovingMember");
        int resetReleased = indexOfAll(audit, "orchestration.departure.release", "node3.internal", "Resetting");
        assertThat(memberRemoved).as("the member went before the reset:\n" + String.join("\n", audit))
                .isGreaterThan(-1).isLessThan(resetReleased);
        for (String leaving : List.of("node3.internal", "node5.internal")) {
            assertThat(cluster.simulatorEvents()).filteredOn(event -> event.node().equals(leaving)
                            && event.step().equals("reset") && event.wall().isAfter(start))
                    .extracting(OrchestratedCluster.SimulatorEvent::what).containsExactly("started", "succeeded");
            assertThat(nodes.get(leaving).file("/etc/kubernetes/admin.conf")).doesNotExist();
            assertThat(nodes.get(leaving).file("/etc/kubernetes/kubelet.conf")).doesNotExist();
        }
        for (String key : KEY_FILES) {
            assertThat(nodes.get("node3.internal").file("/etc/kubernetes/pki/" + key)).as("node3 keeps no cluster "
                    + "key").doesNotExist();
        }
        assertThat(Files.readString(nodes.get("node1.internal").file("/etc/haproxy/haproxy.cfg")))
                .doesNotContain(OrchestratedCluster.loopbackOf("node3.internal"));
    }

    /** The classic stale-member failure cannot happen: the same host added back joins as a fresh third member. */
    @Test
    @Order(10)
    void theRemovedControlPlaneAddedBackJoinsCleanlyAsAThirdMember() throws Exception {
        String two = Files.readString(clusterFile);
        Files.writeString(clusterFile, two.replace("  - {name: node4.internal", "  - {name: node3.internal, "
                + "address: " + OrchestratedCluster.loopbackOf("node3.internal") + ", role: control-plane}\n"
                + "  - {name: node4.internal"));
        controller.kubenodectl().apply(clusterFile);

        await("node3 to be Ready again").atMost(BRING_UP_WITHIN).pollInterval(Duration.ofSeconds(1))
                .until(() -> "Ready".equals(controller.kubenodectl().node("node3.internal").phase()));
        cluster.awaitReady("the cluster with node3 back", BRING_UP_WITHIN);

        List<OrchestratedCluster.EtcdMemberLine> members = cluster.etcdMembers("node3.internal");
        assertThat(members).extracting(OrchestratedCluster.EtcdMemberLine::name).containsExactlyInAnyOrderElementsOf(
                CONTROL_PLANES);
        assertThat(members).allMatch(OrchestratedCluster.EtcdMemberLine::started);
    }

    @Test
    @Order(11)
    void removingTwoControlPlanesInOneRevisionIsRefusedAndNothingIsStored() throws Exception {
        String three = Files.readString(clusterFile);
        int revisions = storedRevisions();
        Files.writeString(clusterFile, three.replaceAll("  - \\{name: node[12]\\.internal[^\n]*\n", ""));

        String refused = controller.kubenodectl().output("apply", "-f", clusterFile.toString());

        assertThat(refused).contains("exit 1", "422 unsupported_change", "spec.nodes: node1.internal, "
                + "node2.internal: this revision removes 2 joined control planes");
        assertThat(storedRevisions()).isEqualTo(revisions);
        Files.writeString(clusterFile, three);
    }

    /**
     * A worker whose host died (its agent stopped for good) cannot run its reset: its departure waits at Resetting
     * until a person forgets it; then the Node object goes and the departure ends, and the host's certificate is
     * revoked.
     */
    @Test
    @Order(12)
    void aDeadWorkerRemovedFromTheDocumentWaitsAtItsResetUntilForgotten() throws Exception {
        cluster.stopAgent("node4.internal");
        String current = Files.readString(clusterFile);
        Files.writeString(clusterFile, current.replaceAll("  - \\{name: node4\\.internal[^\n]*\n", ""));
        controller.kubenodectl().apply(clusterFile);

        await("node4 to wait at its reset").atMost(REMOVAL_WITHIN).pollInterval(Duration.ofSeconds(1))
                .until(() -> "Resetting".equals(departure("node4.internal").path("step").asText()));
        Thread.sleep(3000);
        assertThat(departure("node4.internal").path("step").asText()).as("nothing runs the reset").isEqualTo(
                "Resetting");

        String forgotten = controller.kubenodectl().run("node", "forget", "node4.internal", "--yes");

        assertThat(forgotten).contains("node node4.internal: forgotten by", "its drain and reset are skipped; revoked ");
        await("node4 to be gone").atMost(REMOVAL_WITHIN).pollInterval(Duration.ofSeconds(1))
                .until(() -> controller.kubenodectl().orchestration().path("departures").isEmpty());
        assertThat(auditLines()).anyMatch(line -> line.contains("orchestration.departure.skip")
                && line.contains("node4.internal") && line.contains("Resetting"));
        cluster.awaitReady("the cluster without node4", BRING_UP_WITHIN);
    }

    private JsonNode departure(String name) {
        for (JsonNode departure : controller.kubenodectl().orchestration().path("departures")) {
            if (departure.path("name").asText().equals(name)) {
                return departure;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private int storedRevisions() {
        try (SqliteStore store = SqliteStore.open(controller.dataDir())) {
            return store.clusterHistory().size();
        }
    }

    private Map<String, Long> generations() {
        return controller.kubenodectl().nodes().stream()
                .collect(Collectors.toMap(NodeSummary::name, NodeSummary::desiredGeneration));
    }

    private List<String> allNodes() {
        List<String> all = new ArrayList<>(CONTROL_PLANES);
        all.addAll(WORKERS);
        if (nodes.containsKey("node6.internal")) {
            all.add("node6.internal");
        }
        return all;
    }

    private List<String> allNodesBefore6() {
        List<String> all = new ArrayList<>(CONTROL_PLANES);
        all.addAll(WORKERS);
        return all;
    }

    private List<String> auditLines() {
        List<String> newestFirst = new ArrayList<>(controller.kubenodectl().audit(1000).lines().toList());
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }

    /** The first line holding every one of {@code parts} (audit columns are padded), or -1. */
    private static int indexOfAll(List<String> lines, String... parts) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (java.util.Arrays.stream(parts).allMatch(line::contains)) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(List<String> lines, String step) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(" " + step)) {
                return i;
            }
        }
        return -1;
    }

    private static List<Path> files(Path place) throws IOException {
        if (!Files.exists(place)) {
            return List.of();
        }
        if (Files.isRegularFile(place)) {
            return List.of(place);
        }
        try (Stream<Path> walk = Files.walk(place)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String posixMode(Path file) {
        try {
            return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
