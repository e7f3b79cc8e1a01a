package io.kubenode.controller.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.document.Documents;
import io.kubenode.controller.rollout.RolloutStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static io.kubenode.controller.e2e.DocumentEdits.withDrainedRollout;
import static io.kubenode.controller.e2e.DocumentEdits.withHealthTimeout;
import static io.kubenode.controller.e2e.DocumentEdits.withMaxConnections;
import static io.kubenode.controller.e2e.DocumentEdits.withSandboxImage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Safe rollouts end to end, with real processes: the seed's cluster as in {@link OrchestrationIT} (a controller, five
 * sandbox agents, the kubeadm simulator's apiservers on 127.0.1.6x), and on each control plane a real haproxy that
 * the agent's {@code systemctl start|restart|stop haproxy} really starts, restarts and stops ({@link HaproxySimulator},
 * bound to the node's loopback address, with the configuration the agent wrote). The front haproxy on the virtual IP
 * 127.0.1.66:8888 routes to those three, so a client of the endpoint goes through the nodes' haproxies, and a node's
 * haproxy restart is one of the front's backends going away and coming back. The cluster comes up once; then a
 * haproxy change rolls, a change the second control plane's validator rejects pauses and is undone, a change
 * that restarts nothing goes everywhere at once, and a change that restarts containerd everywhere (each node's
 * containerd starts and restarts recorded by {@link RecordingUnitSimulator}) drains the workers one at a time around
 * it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolloutIT {
    private static final Duration BRING_UP_WITHIN = Duration.ofMinutes(4);
    private static final Duration ROLLOUT_WITHIN = Duration.ofMinutes(2);
    /** Five nodes one after the other, two of them drained and uncordoned: about 60 s alone, 90 s on a busy machine. */
    private static final Duration DRAINED_ROLLOUT_WITHIN = Duration.ofMinutes(4);
    private static final Duration POLL_EVERY = Duration.ofMillis(100);
    private static final List<String> CONTROL_PLANES = OrchestratedCluster.CONTROL_PLANES;
    private static final List<String> WORKERS = OrchestratedCluster.WORKERS;
    private static final String HAPROXY_PROBE = "probe:haproxy-apiserver";

    @TempDir
    static Path work;
    private OrchestratedCluster cluster;
    private AdminCurl api;

    @BeforeAll
    void bringUp() throws Exception {
        cluster = OrchestratedCluster.seedWithNodeHaproxies(work);
        api = new AdminCurl(cluster.controller());
        cluster.applyAndStartHaproxy();
        cluster.awaitReady("the bring-up", BRING_UP_WITHIN);
        for (String name : CONTROL_PLANES) {
            assertThat(restartsOn(name, Instant.EPOCH)).as(name + "'s haproxy was started once by the bring-up, "
                    + "never restarted: " + events(name)).isEmpty();
            assertThat(events(name)).filteredOn(event -> event.phase().equals("started")).hasSize(1);
        }
    }

    @AfterAll
    void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void aHaproxyChangeRestartsOneControlPlaneAtATimeWhileTheEndpointStaysUp() throws Exception {
        Map<String, Long> generationsBefore = api.desiredGenerations();
        long revisionBefore = currentRevision();
        Instant changed = Instant.now();
        EndpointPoller poller = endpointPoller();
        RolloutRecorder recorder = RolloutRecorder.start(api);
        try {
            Thread.sleep(1000);
            applyDocument(withMaxConnections(document(), 5000));
            RolloutStatus done = awaitRollout(revisionBefore, RolloutStatus.COMPLETE::equals);
            Thread.sleep(1000);
            assertThat(done.fromRevision()).isEqualTo(revisionBefore);
        } finally {
            recorder.close();
            poller.close();
        }
        long revision = revisionBefore + 1;
        String context = "\nrollout samples:\n" + recorder.describe() + "\nhaproxy events:\n" + allEvents();

        // The real restarts: one per control plane, in document order, none overlapping another.
        List<Restart> restarts = new ArrayList<>();
        for (String name : CONTROL_PLANES) {
            List<Restart> ofNode = restartsOn(name, changed);
            assertThat(ofNode).as(name + " restarted its haproxy once" + context).hasSize(1);
            restarts.add(ofNode.get(0));
            assertThat(Files.readString(cluster.node(name).file("/var/lib/haproxy-simulator/running.cfg")))
                    .as(name + "'s running haproxy has the new configuration").contains("maxconn 5000");
        }
        for (int i = 1; i < restarts.size(); i++) {
            assertThat(restarts.get(i).stopping()).as("%s's restart began after %s's haproxy was up again%s",
                    restarts.get(i).node(), restarts.get(i - 1).node(), context)
                    .isAfter(restarts.get(i - 1).started());
        }

        // What the controller said while it rolled.
        List<RolloutStatus> samples = recorder.samplesOf(revision);
        assertThat(samples).as("the rollout was seen while it rolled" + context).isNotEmpty();
        for (RolloutStatus sample : samples) {
            assertThat(sample.nodes().stream().filter(node -> node.role().equals("control-plane")
                    && node.state().equals("Released")).count()).as("at most one control plane released at a time"
                    + context).isLessThanOrEqualTo(1);
        }
        for (String worker : WORKERS) {
            assertThat(samples).as(worker + " took the revision at once: never held on the previous one" + context)
                    .allSatisfy(sample -> {
                        RolloutStatus.Node node = node(sample, worker);
                        assertThat(node.disruptive()).isFalse();
                        assertThat(node.restarts()).isEmpty();
                        assertThat(node.revision()).isEqualTo(revision);
                        assertThat(node.state()).isNotEqualTo("Pending");
                    });
            assertThat(node(last(samples), worker).state()).isEqualTo("Done");
        }
        RolloutStatus last = last(samples);
        assertThat(last.state()).isEqualTo(RolloutStatus.COMPLETE);
        assertThat(last.controlPlanes()).isEqualTo("3/3");
        for (String name : CONTROL_PLANES) {
            assertThat(node(last, name).restarts()).as(name).containsExactly("service:haproxy");
            assertThat(node(last, name).revision()).isEqualTo(revision);
        }
        assertThat(firstSeenDone(samples, "node1.internal")).as("control planes done in document order" + context)
                .isLessThanOrEqualTo(firstSeenDone(samples, "node2.internal"));
        assertThat(firstSeenDone(samples, "node2.internal")).isLessThanOrEqualTo(firstSeenDone(samples,
                "node3.internal"));
        // The audit log: each control plane released only after the previous one was done.
        List<String> audit = rolloutAudit(revision);
        int previousDone = -1;
        for (String name : CONTROL_PLANES) {
            int released = indexOf(audit, "rollout.release", name);
            int done = indexOf(audit, "rollout.done", name);
            assertThat(released).as(name + " released after the previous control plane was done; audit:\n"
                    + String.join("\n", audit)).isGreaterThan(previousDone);
            assertThat(done).as(name + " done after its release").isGreaterThan(released);
            previousDone = done;
        }
        Map<String, Long> generationsAfter = api.desiredGenerations();
        for (String worker : WORKERS) {
            assertThat(generationsAfter.get(worker)).as(worker + "'s catalog does not hold haproxy: unchanged")
                    .isEqualTo(generationsBefore.get(worker));
        }

        // The endpoint, as a client polling it every 100 ms through the front haproxy saw it.
        Duration longestRestart = restarts.stream().map(Restart::down).max(Duration::compareTo).orElseThrow();
        List<EndpointPoller.FailedRun> failedRuns = poller.failedRuns();
        Duration longestFailedRun = failedRuns.stream().map(EndpointPoller.FailedRun::length)
                .max(Duration::compareTo).orElse(Duration.ZERO);
        long slowest = poller.requests().stream().mapToLong(EndpointPoller.Request::millis).max().orElse(0);
        String measured = String.format("%d requests, %d failed in %d runs, longest failed run %d ms, slowest request "
                        + "%d ms; haproxy restarts (stop to listening again): %s", poller.requests().size(),
                poller.requests().stream().filter(request -> !request.ok()).count(), failedRuns.size(),
                longestFailedRun.toMillis(), slowest, restarts.stream().map(restart -> restart.node() + " "
                        + restart.down().toMillis() + " ms").collect(Collectors.joining(", ")));
        System.out.println("RolloutIT endpoint: " + measured + "; failed runs: " + failedRuns);
        Files.writeString(work.resolve("endpoint-measurements.txt"), measured + "\n" + failedRuns + "\n");
        assertThat(poller.requests().size()).as("the client polled throughout").isGreaterThan(20);
        assertThat(longestFailedRun).as("no run of failed requests longer than one restart of one backend (plus "
                + "one polling interval): " + measured + "\n" + failedRuns).isLessThanOrEqualTo(longestRestart
                .plus(POLL_EVERY));
    }

    @Test
    @Order(2)
    void aChangeThatFailsOnTheSecondControlPlanePausesThereAndUndoBringsTheFirstBack() throws Exception {
        long goodRevision = currentRevision();
        String goodDocument = document();
        Map<String, String> goodConfigs = new LinkedHashMap<>();
        for (String name : CONTROL_PLANES) {
            goodConfigs.put(name, haproxyCfg(name));
        }
        assertThat(goodConfigs.get("node2.internal")).doesNotContain("maxconn 6000");
        Files.createDirectories(cluster.node("node2.internal").file("/" + HaproxySimulator.DIR));
        Files.writeString(cluster.node("node2.internal").file("/" + HaproxySimulator.FAULTS), "maxconn 6000\n");
        Instant changed = Instant.now();
        Map<String, Long> generationsBefore = api.desiredGenerations();

        applyDocument(withMaxConnections(goodDocument, 6000));
        RolloutStatus paused = awaitRollout(goodRevision, RolloutStatus.PAUSED::equals);
        String context = "\n" + paused + "\nhaproxy events:\n" + allEvents();

        assertThat(paused.reason()).as("the reason names the node, the resource and the validator's refusal"
                + context).contains("node2.internal").contains("file:/etc/haproxy/haproxy.cfg")
                .contains("validation refused");
        assertThat(node(paused, "node1.internal").state()).as(context).isEqualTo("Done");
        assertThat(node(paused, "node2.internal").state()).as(context).isEqualTo("Failed");
        assertThat(node(paused, "node2.internal").message()).as(context).contains("validation refused");
        assertThat(node(paused, "node3.internal").state()).as(context).isEqualTo("Pending");
        assertThat(node(paused, "node3.internal").revision()).as("node3 holds the previous revision" + context)
                .isEqualTo(goodRevision);
        String status = cluster.controller().kubenodectl().run("rollout", "status");
        List<String> statusLines = status.lines().toList();
        assertThat(statusLines.get(0)).as("kubenodectl rollout status:\n" + status).isEqualTo("revision "
                + paused.revision() + " (from " + goodRevision + "): Paused, control planes 1/3, workers 0/0");
        assertThat(statusLines.get(1)).as(status).startsWith("paused: ").contains("node2.internal",
                "file:/etc/haproxy/haproxy.cfg", "validation refused");
        assertThat(statusLines).as(status).anyMatch(line -> line.contains("node2.internal") && line.contains("Failed"));
        assertThat(restartsOn("node1.internal", changed)).as("node1 took it" + context).hasSize(1);
        assertThat(restartsOn("node2.internal", changed)).as("the refused file restarted nothing" + context).isEmpty();
        assertThat(haproxyCfg("node1.internal")).contains("maxconn 6000");
        assertThat(haproxyCfg("node2.internal")).as("node2's file left unchanged")
                .isEqualTo(goodConfigs.get("node2.internal"));

        // While paused, node3's catalog does not move.
        long node3Generation = api.desiredGenerations().get("node3.internal");
        assertThat(node3Generation).isEqualTo(generationsBefore.get("node3.internal"));
        for (int second = 0; second < 5; second++) {
            Thread.sleep(1000);
            assertThat(api.desiredGenerations().get("node3.internal")).as("node3's catalog generation while paused")
                    .isEqualTo(node3Generation);
            assertThat(api.rollout().orElseThrow().state()).isEqualTo(RolloutStatus.PAUSED);
        }
        assertThat(haproxyCfg("node3.internal")).isEqualTo(goodConfigs.get("node3.internal"));
        assertThat(restartsOn("node3.internal", changed)).isEmpty();

        // Undo: the previous document again, rolled the same careful way.
        long failedRevision = paused.revision();
        Instant undone = Instant.now();
        RolloutRecorder recorder = RolloutRecorder.start(api);
        RolloutStatus back;
        try (recorder) {
            String how = undo(goodDocument);
            System.out.println("RolloutIT undo: " + how);
            back = awaitRollout(failedRevision, RolloutStatus.COMPLETE::equals);
        }
        String undoContext = "\n" + recorder.describe() + "\nhaproxy events:\n" + allEvents();
        assertThat(back.fromRevision()).isEqualTo(failedRevision);
        for (String name : CONTROL_PLANES) {
            assertThat(haproxyCfg(name)).as(name + " has the previous configuration again" + undoContext)
                    .isEqualTo(goodConfigs.get(name));
            assertThat(node(back, name).state()).isEqualTo("Done");
        }
        assertThat(restartsOn("node1.internal", undone)).as("node1 restarted back to the previous configuration"
                + undoContext).hasSize(1);
        assertThat(restartsOn("node2.internal", undone)).as("node2 never left it: nothing to restart" + undoContext)
                .isEmpty();
        assertThat(restartsOn("node3.internal", undone)).as("node3 never left it" + undoContext).isEmpty();
        for (RolloutStatus sample : recorder.samplesOf(back.revision())) {
            assertThat(sample.nodes().stream().filter(node -> node.role().equals("control-plane")
                    && node.state().equals("Released")).count()).as("one at a time" + undoContext)
                    .isLessThanOrEqualTo(1);
        }
        Files.delete(cluster.node("node2.internal").file("/" + HaproxySimulator.FAULTS));
    }

    @Test
    @Order(3)
    void aChangeThatRestartsNothingReachesEveryNodeAtOnce() throws Exception {
        long revisionBefore = currentRevision();
        Instant changed = Instant.now();
        Map<String, Long> before = api.desiredGenerations();
        String packages = "packages: [curl, wget, gnupg, sudo, iptables]";
        assertThat(document()).contains(packages);
        GenerationRecorder generations = GenerationRecorder.start(api);
        RolloutRecorder recorder = RolloutRecorder.start(api);
        RolloutStatus done;
        try (recorder; generations) {
            applyDocument(document().replace(packages, "packages: [curl, wget, gnupg, sudo, iptables, jq]"));
            done = awaitRollout(revisionBefore, RolloutStatus.COMPLETE::equals);
            Thread.sleep(500);
        }
        String context = "\n" + recorder.describe() + "\n" + generations.describe();

        for (RolloutStatus.Node node : done.nodes()) {
            assertThat(node.disruptive()).as(node.name() + context).isFalse();
            assertThat(node.restarts()).as(node.name()).isEmpty();
            assertThat(node.state()).as(node.name()).isEqualTo("Done");
            assertThat(node.revision()).isEqualTo(done.revision());
        }
        for (RolloutStatus sample : recorder.samplesOf(done.revision())) {
            assertThat(sample.nodes()).as("no node was held or waited for a gate" + context)
                    .allSatisfy(node -> assertThat(node.state()).isEqualTo("Done"));
        }
        Map<String, Long> after = api.desiredGenerations();
        for (String name : OrchestratedCluster.seedNodes()) {
            assertThat(after.get(name)).as(name + "'s catalog moved").isGreaterThan(before.get(name));
        }
        assertThat(generations.partialMoves(before)).as("the five catalogs moved together: no moment where some had "
                + "the new generation and others not" + context).isEmpty();
        for (String name : CONTROL_PLANES) {
            assertThat(restartsOn(name, changed)).as(name + ": nothing restarted").isEmpty();
        }
    }

    /**
     * The haproxy gate: node2's haproxy restarts onto the new configuration and runs, but cannot reach node2's
     * apiserver (the simulator points that server at a closed port). Every file and service on node2 is in sync, yet
     * its {@code probe:haproxy-apiserver} (its haproxy's own view, through the stats socket) is not, so node3 never
     * gets the revision and the rollout pauses at node2 when the health timeout passes. Undo brings both back.
     */
    @Test
    @Order(5)
    void aControlPlaneWhoseHaproxyCannotReachItsApiserverHoldsTheRolloutThere() throws Exception {
        for (String name : CONTROL_PLANES) {
            assertThat(api.resourceState(name, HAPROXY_PROBE)).as(name + "'s agent asks its own haproxy")
                    .contains("in_sync");
        }
        long goodRevision = currentRevision();
        String goodDocument = document();
        Path unreachable = cluster.node("node2.internal").file("/" + HaproxySimulator.UNREACHABLE);
        Files.createDirectories(unreachable.getParent());
        Files.writeString(unreachable, "node2.internal\n");
        Instant changed = Instant.now();

        applyDocument(withHealthTimeout(withMaxConnections(goodDocument, 7000), "30s"));
        RolloutStatus paused = awaitRollout(goodRevision, RolloutStatus.PAUSED::equals);
        Duration pausedAfter = Duration.between(changed, Instant.now());
        String context = "\n" + paused + "\nhaproxy events:\n" + allEvents();

        assertThat(node(paused, "node1.internal").state()).as(context).isEqualTo("Done");
        assertThat(node(paused, "node2.internal").state()).as(context).isEqualTo("Failed");
        assertThat(node(paused, "node2.internal").message()).as(context).contains("not healthy within 30s",
                HAPROXY_PROBE);
        assertThat(paused.reason()).as(context).contains("node2.internal", HAPROXY_PROBE);
        assertThat(node(paused, "node3.internal").state()).as(context).isEqualTo("Pending");
        assertThat(node(paused, "node3.internal").revision()).as(context).isEqualTo(goodRevision);
        assertThat(pausedAfter).as("paused by the health timeout, not by a failure").isGreaterThan(
                Duration.ofSeconds(30));
        assertThat(restartsOn("node2.internal", changed)).as("node2's haproxy restarted onto the new configuration "
                + "and runs" + context).hasSize(1);
        assertThat(Files.readString(cluster.node("node2.internal").file("/var/lib/haproxy-simulator/running.cfg")))
                .contains("maxconn 7000", "server node2.internal 127.0.0.1:1 ");
        assertThat(api.resourceState("node2.internal", HAPROXY_PROBE)).as(context).contains("not_ready");
        assertThat(api.resourceState("node2.internal", "file:/etc/haproxy/haproxy.cfg")).contains("in_sync");
        assertThat(api.resourceState("node2.internal", "service:haproxy")).contains("in_sync");
        assertThat(restartsOn("node3.internal", changed)).as("node3 never got the revision" + context).isEmpty();

        Files.delete(unreachable);
        Instant undone = Instant.now();
        System.out.println("RolloutIT haproxy gate undo: " + undo(goodDocument));
        RolloutStatus back = awaitRollout(paused.revision(), RolloutStatus.COMPLETE::equals);
        String undoContext = "\n" + back + "\nhaproxy events:\n" + allEvents();
        for (String name : List.of("node1.internal", "node2.internal")) {
            assertThat(restartsOn(name, undone)).as(name + " restarted back" + undoContext).hasSize(1);
        }
        assertThat(restartsOn("node3.internal", undone)).as(undoContext).isEmpty();
        for (String name : CONTROL_PLANES) {
            assertThat(node(back, name).state()).as(undoContext).isEqualTo("Done");
            assertThat(api.resourceState(name, HAPROXY_PROBE)).as(name + undoContext).contains("in_sync");
        }
    }

    @Test
    @Order(4)
    void aContainerdChangeDrainsTheWorkersOneAtATimeAroundTheirRestart() throws Exception {
        long revisionBefore = currentRevision();
        Instant changed = Instant.now();
        for (String worker : WORKERS) {
            // drain leaves a DaemonSet's pod and evicts a ReplicaSet's
            cluster.putPods(worker, OrchestratedCluster.SimulatedPod.running("kube-system", "kube-proxy-" + worker,
                    "DaemonSet"), OrchestratedCluster.SimulatedPod.running("default", "web-" + worker, "ReplicaSet"));
        }
        String changedDocument = withDrainedRollout(withSandboxImage(document(), "registry.k8s.io/pause:3.10.1"), "1");
        RolloutRecorder recorder = RolloutRecorder.start(api);
        ApiNodesRecorder apiNodes = ApiNodesRecorder.start(cluster, OrchestratedCluster.seedNodes().size());
        RolloutStatus done;
        try (recorder; apiNodes) {
            Thread.sleep(500);
            applyDocument(changedDocument);
            done = awaitRollout(revisionBefore, RolloutStatus.COMPLETE::equals, DRAINED_ROLLOUT_WITHIN);
            Thread.sleep(500);
        }
        DrainedRollout rollout = new DrainedRollout(done, recorder, rolloutAudit(done.revision()),
                kubectlEvents(changed), containerdRestarts(changed), apiNodes);
        System.out.println("RolloutIT drained workers:" + rollout.context);

        assertEveryNodeRestartedContainerdOnceAndIsDone(rollout);
        assertControlPlanesRolledOneAtATimeBeforeTheWorkers(rollout);
        assertWorkersRolledOneAtATimeThroughEachState(rollout);
        assertEachWorkerWasCordonedAndDrainedAroundItsRestart(rollout);
        String drainer = "node1.internal";
        await(drainer + " applies a catalog without the drains").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(reportedResources(drainer))
                        .as(drainer + "'s reported resources, once it holds its newest catalog" + rollout.context)
                        .isNotEmpty().noneMatch(id -> id.startsWith("drain:")));
    }

    /** What was observed of a drained rollout: its end, its samples, audit rows, kubectl runs, restarts, the API. */
    private static final class DrainedRollout {
        final RolloutStatus done;
        final List<RolloutStatus> samples;
        final List<String> audit;
        final List<OrchestratedCluster.SimulatorEvent> kubectl;
        final Map<String, List<Instant>> restarts;
        final ApiNodesRecorder apiNodes;
        /** The observations as text, for the failure messages (and the test's output). */
        final String context;

        DrainedRollout(RolloutStatus done, RolloutRecorder recorder, List<String> audit,
                       List<OrchestratedCluster.SimulatorEvent> kubectl, Map<String, List<Instant>> restarts,
                       ApiNodesRecorder apiNodes) {
            this.done = done;
            this.samples = recorder.samplesOf(done.revision());
            this.audit = audit;
            this.kubectl = kubectl;
            this.restarts = restarts;
            this.apiNodes = apiNodes;
            this.context = "\nrollout samples:\n" + recorder.describe() + "\nnode objects through the endpoint:\n"
                    + apiNodes.describe() + "\nkubectl:\n" + kubectl.stream()
                    .map(OrchestratedCluster.SimulatorEvent::detail).collect(Collectors.joining("\n"))
                    + "\ncontainerd restarts: " + restarts + "\naudit:\n" + String.join("\n", audit);
        }

        /** The node's one containerd restart of the rollout. */
        Instant restart(String node) {
            return restarts.get(node).get(0);
        }
    }

    private static void assertEveryNodeRestartedContainerdOnceAndIsDone(DrainedRollout rollout) {
        String context = rollout.context;
        assertThat(rollout.done.state()).isEqualTo(RolloutStatus.COMPLETE);
        assertThat(rollout.done.controlPlanes()).as(context).isEqualTo("3/3");
        assertThat(rollout.done.workers()).as(context).isEqualTo("2/2");
        for (RolloutStatus.Node node : rollout.done.nodes()) {
            assertThat(node.restarts()).as(node.name() + context).containsExactly("service:containerd");
            assertThat(node.state()).as(node.name()).isEqualTo("Done");
            assertThat(node.revision()).as(node.name()).isEqualTo(rollout.done.revision());
            assertThat(rollout.restarts.get(node.name())).as(node.name() + " restarted containerd once" + context)
                    .hasSize(1);
        }
        assertThat(rollout.samples).as("the rollout was seen while it rolled" + context).isNotEmpty();
    }

    /** Not drained: one at a time, in document order, as for haproxy; the workers only after them. */
    private static void assertControlPlanesRolledOneAtATimeBeforeTheWorkers(DrainedRollout rollout) {
        String context = rollout.context;
        for (int i = 1; i < CONTROL_PLANES.size(); i++) {
            assertThat(rollout.restart(CONTROL_PLANES.get(i))).as("control planes restarted in document order"
                    + context).isAfter(rollout.restart(CONTROL_PLANES.get(i - 1)));
        }
        assertThat(rollout.samples).as("at most one control plane in progress at a time" + context)
                .allSatisfy(sample -> assertThat(inProgress(sample, "control-plane")).hasSizeLessThanOrEqualTo(1));
        assertThat(rollout.restart(WORKERS.get(0))).as("workers after the control planes" + context)
                .isAfter(rollout.restart(CONTROL_PLANES.get(CONTROL_PLANES.size() - 1)));
    }

    /** maxUnavailable 1: never two workers in progress; each drained, released, healthy, uncordoned, in turn. */
    private static void assertWorkersRolledOneAtATimeThroughEachState(DrainedRollout rollout) {
        String context = rollout.context;
        assertThat(rollout.samples).as("never both workers draining, released or uncordoning" + context)
                .allSatisfy(sample -> assertThat(inProgress(sample, "worker")).hasSizeLessThanOrEqualTo(1));
        List<String> order = List.of("Pending", "Draining", "Released", "Uncordoning", "Done");
        for (String worker : WORKERS) {
            List<String> seen = rollout.samples.stream().map(sample -> node(sample, worker).state()).distinct()
                    .toList();
            // Released lasts only from the release to the worker's report (a few hundred ms): the audit has it.
            assertThat(seen).as(worker + "'s states in the samples, in order" + context)
                    .isSortedAccordingTo(Comparator.comparingInt(order::indexOf))
                    .contains("Draining", "Uncordoning", "Done");
        }
        List<String> audit = rollout.audit;
        int previousDone = indexOf(audit, "rollout.done", CONTROL_PLANES.get(CONTROL_PLANES.size() - 1));
        for (String worker : WORKERS) {
            int drain = indexOf(audit, "rollout.drain", worker);
            int release = indexOf(audit, "rollout.release", worker);
            List<Integer> dones = indexesOf(audit, "rollout.done", worker);
            assertThat(drain).as(worker + " drained after the previous node was done" + context)
                    .isGreaterThan(previousDone);
            assertThat(release).as(worker + " released once drained" + context).isGreaterThan(drain);
            assertThat(dones).as(worker + ": healthy, then uncordoned" + context).hasSize(2);
            assertThat(dones.get(0)).as(worker + "'s gates passed after its release" + context).isGreaterThan(release);
            assertThat(audit.get(dones.get(1))).as(context).contains("uncordoned");
            previousDone = dones.get(1);
        }
    }

    /**
     * What the cluster saw: kubectl drain finished before the worker's containerd restart, kubectl uncordon after it,
     * the API showing the worker unschedulable around it, its workload evicted, one worker at a time.
     */
    private void assertEachWorkerWasCordonedAndDrainedAroundItsRestart(DrainedRollout rollout) throws IOException {
        String context = rollout.context;
        Instant previousUncordon = Instant.EPOCH;
        for (String worker : WORKERS) {
            List<OrchestratedCluster.SimulatorEvent> ofWorker = rollout.kubectl.stream()
                    .filter(event -> event.node().equals(worker)).toList();
            assertThat(ofWorker).as(worker + ": kubectl drain, then kubectl uncordon, each once" + context)
                    .extracting(event -> event.step() + " " + event.what()).containsExactly("drain started",
                            "drain succeeded", "uncordon started", "uncordon succeeded");
            Instant restart = rollout.restart(worker);
            assertThat(ofWorker.get(0).wall()).as(worker + " drained after the previous worker was uncordoned"
                    + context).isAfter(previousUncordon);
            assertThat(restart).as(worker + "'s containerd restarted after its drain finished" + context)
                    .isAfter(ofWorker.get(1).wall());
            assertThat(restart).as(worker + "'s containerd restarted before its uncordon" + context)
                    .isBefore(ofWorker.get(2).wall());
            previousUncordon = ofWorker.get(3).wall();
            assertThat(rollout.apiNodes.cordonedBefore(worker, restart)).as(worker + " unschedulable in the API just "
                    + "before its restart" + context).contains(true);
            assertThat(rollout.apiNodes.cordonedAfter(worker, restart)).as(worker + " unschedulable in the API just "
                    + "after its restart" + context).contains(true);
            assertThat(cluster.podNames(worker)).as(worker + "'s workload evicted, its DaemonSet pod left" + context)
                    .contains("kube-proxy-" + worker).doesNotContain("web-" + worker);
        }
        List<Sampler.Sample<Set<String>>> nodeSamples = rollout.apiNodes.samples();
        assertThat(nodeSamples).as("the API was read throughout" + context).hasSizeGreaterThan(20);
        assertThat(nodeSamples).as("the API never showed both workers unschedulable" + context)
                .noneMatch(sample -> sample.value().containsAll(WORKERS));
        assertThat(nodeSamples).as("no control plane was cordoned" + context)
                .allMatch(sample -> sample.value().stream().noneMatch(CONTROL_PLANES::contains));
        assertThat(last(nodeSamples).value()).as("every node schedulable at the end" + context).isEmpty();
    }

    private EndpointPoller endpointPoller() throws Exception {
        byte[] ca = Files.readAllBytes(cluster.node("node1.internal").file("/etc/kubernetes/pki/ca.crt"));
        return EndpointPoller.start("https://" + OrchestratedCluster.ENDPOINT_NAME + ":"
                        + OrchestratedCluster.ENDPOINT_PORT + "/healthz", InetAddress.getByName(OrchestratedCluster.VIP),
                ca, POLL_EVERY, Duration.ofSeconds(3));
    }

    /**
     * {@code kubenodectl rollout undo} when kubenodectl has it, else the API's {@code POST /api/v1/rollout/undo}, else
     * the equivalent by hand (the rollout's previous document applied again). Returns which one ran.
     */
    private String undo(String previousDocument) throws Exception {
        String cli = cluster.controller().kubenodectl().output("rollout", "undo", "--yes");
        if (cli.contains("-> exit 0")) {
            Files.writeString(cluster.clusterFile(), previousDocument);
            return "kubenodectl rollout undo";
        }
        AdminCurl.Answer answer = api.request("POST", "/api/v1/rollout/undo");
        if (answer.status() == 404) {
            // A rollout is paused, so a 404 can only be a controller without the route.
            applyDocument(previousDocument);
            return "the previous document applied again (no undo route: " + cli.lines().findFirst().orElse("")
                    + ")";
        }
        answer.requireOk();
        Files.writeString(cluster.clusterFile(), previousDocument);
        return "POST /api/v1/rollout/undo";
    }

    private String document() throws IOException {
        return Files.readString(cluster.clusterFile());
    }

    private void applyDocument(String text) throws Exception {
        Files.writeString(cluster.clusterFile(), text);
        cluster.controller().kubenodectl().apply(cluster.clusterFile());
    }

    /** The simulated kubectl's drains and uncordons since {@code since}, as the cluster's event log has them. */
    private List<OrchestratedCluster.SimulatorEvent> kubectlEvents(Instant since) throws IOException {
        return cluster.simulatorEvents().stream().filter(event -> !event.wall().isBefore(since)
                && (event.step().equals("drain") || event.step().equals("uncordon"))).toList();
    }

    /** Each node's containerd restarts since {@code since}, as its recording unit simulator has them. */
    private Map<String, List<Instant>> containerdRestarts(Instant since) throws IOException {
        Map<String, List<Instant>> restarts = new LinkedHashMap<>();
        for (String name : OrchestratedCluster.seedNodes()) {
            restarts.put(name, RecordingUnitSimulator.restarts(cluster.node(name).root(), "containerd.service", since));
        }
        return restarts;
    }

    /**
     * The resource ids of the status {@code name} reported for the catalog generation it is served now; empty while its
     * report is of an older one.
     */
    private List<String> reportedResources(String name) throws IOException {
        AdminCurl.Answer answer = api.request("GET", "/api/v1/nodes/" + name);
        answer.requireOk();
        JsonNode body = Documents.json().readTree(answer.body());
        JsonNode status = body.path("status");
        if (status.path("appliedGeneration").asLong(-1) != body.path("catalogGeneration").asLong(-2)) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        status.path("resources").forEach(resource -> ids.add(resource.path("id").asText()));
        return ids;
    }

    /** The nodes of a role whose state counts against the rollout's batch. */
    private static List<String> inProgress(RolloutStatus status, String role) {
        return status.nodes().stream().filter(node -> node.role().equals(role) && List.of("Draining", "Released",
                "Uncordoning").contains(node.state())).map(RolloutStatus.Node::name).toList();
    }

    /** The cluster's resourceVersion: the revision a rollout names. */
    private long currentRevision() {
        return api.resourceVersion();
    }

    /** Waits for the rollout of a revision newer than {@code after} to reach a state. */
    private RolloutStatus awaitRollout(long after, Predicate<String> state) {
        return awaitRollout(after, state, ROLLOUT_WITHIN);
    }

    private RolloutStatus awaitRollout(long after, Predicate<String> state, Duration within) {
        try {
            return await("the rollout of the revision after " + after).atMost(within)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> api.rollout().filter(status -> status.revision() > after).orElse(null),
                            status -> status != null && state.test(status.state()));
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError("the rollout after revision " + after + " did not reach the state; now: "
                    + api.rollout() + "\nhaproxy events:\n" + allEvents() + "\n"
                    + cluster.controller().kubenodectl().output("get", "cluster") + "\n"
                    + cluster.controller().kubenodectl().output("describe", "node", "node2.internal")
                    + "\ncontroller log tail:\n" + tail(cluster.controller().log(), 40), e);
        }
    }

    /** The audit rows of the rollout of {@code revision}, oldest first. */
    private List<String> rolloutAudit(long revision) {
        return api.audit(1000).stream().filter(line -> line.contains(" orchestration.rollout.")
                && line.contains("revision " + revision)).toList();
    }

    private static List<Integer> indexesOf(List<String> rows, String action, String node) {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).contains(action) && rows.get(i).contains(node)) {
                indexes.add(i);
            }
        }
        return indexes;
    }

    private static int indexOf(List<String> rows, String action, String node) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).contains(action) && rows.get(i).contains(node)) {
                return i;
            }
        }
        return -1;
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static RolloutStatus.Node node(RolloutStatus status, String name) {
        return status.nodes().stream().filter(node -> node.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + status));
    }

    private static <T> T last(List<T> samples) {
        return samples.get(samples.size() - 1);
    }

    /** The index of the first sample showing {@code name} Done. */
    private static int firstSeenDone(List<RolloutStatus> samples, String name) {
        for (int i = 0; i < samples.size(); i++) {
            if (node(samples.get(i), name).state().equals("Done")) {
                return i;
            }
        }
        throw new AssertionError(name + " never seen Done in " + samples.stream().map(RolloutSummary::of).toList());
    }

    private String haproxyCfg(String name) throws IOException {
        return Files.readString(cluster.node(name).file("/etc/haproxy/haproxy.cfg"));
    }

    private List<HaproxySimulator.Event> events(String name) throws IOException {
        return HaproxySimulator.Event.of(cluster.node(name).root());
    }

    private String allEvents() {
        StringBuilder text = new StringBuilder();
        for (String name : CONTROL_PLANES) {
            try {
                events(name).forEach(event -> text.append(name).append(' ').append(event).append('\n'));
            } catch (IOException e) {
                text.append(name).append(": ").append(e).append('\n');
            }
        }
        return text.toString();
    }

    /** One real restart of a node's haproxy: when the old process was told to stop, when the new one listened. */
    record Restart(String node, Instant stopping, Instant started) {
        Duration down() {
            return Duration.between(stopping, started);
        }
    }

    private List<Restart> restartsOn(String name, Instant since) throws IOException {
        List<Restart> restarts = new ArrayList<>();
        Instant stopping = null;
        for (HaproxySimulator.Event event : events(name)) {
            if (!event.action().equals("restart") || event.at().isBefore(since)) {
                continue;
            }
            if (event.phase().equals("stopping")) {
                stopping = event.at();
            } else if (event.phase().equals("started") || event.phase().equals("failed")) {
                assertThat(event.phase()).as(name + "'s haproxy restart: " + events(name)).isEqualTo("started");
                restarts.add(new Restart(name, stopping, event.at()));
            }
        }
        return restarts;
    }

    /** {@code GET /api/v1/rollout} every 200 ms until closed. */
    static final class RolloutRecorder extends Sampler<Optional<RolloutStatus>> {
        private RolloutRecorder(AdminCurl api) {
            super(api::rollout, Duration.ofMillis(200));
        }

        static RolloutRecorder start(AdminCurl api) {
            RolloutRecorder recorder = new RolloutRecorder(api);
            recorder.begin();
            return recorder;
        }

        List<RolloutStatus> samplesOf(long revision) {
            return samples().stream().map(Sample::value).flatMap(Optional::stream)
                    .filter(status -> status.revision() == revision).toList();
        }

        /** A line per sample that differs from the one before. */
        String describe() {
            List<String> lines = new ArrayList<>();
            String previous = null;
            for (Sample<Optional<RolloutStatus>> sample : samples()) {
                String summary = sample.value().map(RolloutSummary::of).orElse("no rollout");
                if (!summary.equals(previous)) {
                    lines.add(sample.at() + " " + summary);
                    previous = summary;
                }
            }
            return String.join("\n", lines);
        }
    }

    /** {@code GET /api/v1/nodes}' desired generations every 100 ms until closed. */
    static final class GenerationRecorder extends Sampler<Map<String, Long>> {
        private GenerationRecorder(AdminCurl api) {
            super(api::desiredGenerations, Duration.ofMillis(100));
        }

        static GenerationRecorder start(AdminCurl api) {
            GenerationRecorder recorder = new GenerationRecorder(api);
            recorder.begin();
            return recorder;
        }

        /** Samples where some nodes' generation had moved past {@code before} and others not. */
        List<Map<String, Long>> partialMoves(Map<String, Long> before) {
            return samples().stream().map(Sample::value).filter(sample -> {
                long moved = before.keySet().stream().filter(name -> sample.getOrDefault(name, 0L)
                        > before.get(name)).count();
                return moved > 0 && moved < before.size();
            }).toList();
        }

        String describe() {
            return samples().stream().map(sample -> sample.at() + " " + sample.value()).distinct()
                    .collect(Collectors.joining("\n"));
        }
    }
}
