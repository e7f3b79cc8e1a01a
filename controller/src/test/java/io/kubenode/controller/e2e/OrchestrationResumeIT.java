package io.kubenode.controller.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resume: the controller is killed with SIGKILL at a random moment of every phase of a bring-up it observes (and
 * again in long phases until it has been killed at least five times), each time restarted on the same data dir and
 * port; the bring-up still ends Ready, kubeadm init ran exactly once, control planes never joined at the same time,
 * workers after them, no step ran twice for want of memory. The random seed is in every failure message.
 */
class OrchestrationResumeIT {
    private static final Duration BRING_UP_WITHIN = Duration.ofMinutes(10);
    private static final int AT_LEAST_KILLS = 5;
    private static final long MILLIS_BETWEEN_KILLS = 4000;

    @TempDir
    Path work;

    private OrchestratedCluster cluster;

    @AfterEach
    void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aControllerKilledInEveryPhaseResumesFromTheStoreAndTheStatusesToReady() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        cluster = OrchestratedCluster.seedWithRealEtcd(work);
        // Slow kubeadm steps make the phases long enough to be killed in more than once.
        Files.writeString(cluster.clusterDir().resolve("faults"), """
                node1.internal init slow 4
                node2.internal join slow 3
                node3.internal join slow 3
                node4.internal join slow 4
                node5.internal join slow 4
                """);
        cluster.applyAndStartHaproxy();

        List<String> kills = new ArrayList<>();
        long deadline = System.nanoTime() + BRING_UP_WITHIN.toNanos();
        long lastKill = 0;
        String phase = cluster.phase();
        while (!phase.equals("Ready")) {
            assertThat(System.nanoTime()).as("seed " + seed + ": Ready within " + BRING_UP_WITHIN + "; killed in "
                    + kills + "\n" + cluster.controller().kubenodectl().output("get", "cluster")).isLessThan(deadline);
            String current = phase;
            boolean newPhase = !current.isEmpty() && kills.stream().noneMatch(kill -> kill.equals(current));
            boolean moreNeeded = kills.size() < AT_LEAST_KILLS && System.currentTimeMillis() - lastKill
                    > MILLIS_BETWEEN_KILLS;
            if (!current.isEmpty() && (newPhase || moreNeeded)) {
                Thread.sleep(random.nextInt(1500));
                cluster.controller().killAndRestart();
                kills.add(current);
                lastKill = System.currentTimeMillis();
            }
            Thread.sleep(200);
            phase = cluster.phase();
        }

        String context = "seed " + seed + ", killed in " + kills;
        assertThat(kills).as(context).hasSizeGreaterThanOrEqualTo(AT_LEAST_KILLS);
        assertThat(kills.stream().distinct().count()).as(context + ": distinct phases").isGreaterThanOrEqualTo(4);
        List<OrchestratedCluster.SimulatorEvent> events = cluster.simulatorEvents();
        List<String> steps = events.stream().filter(event -> !event.step().equals("join-token"))
                .map(event -> event.node() + " " + event.step() + " " + event.what()).toList();
        assertThat(steps).as(context + ": each kubeadm step ran once, none twice").hasSize(10);
        assertThat(steps.subList(0, 6)).as(context + ": init once, then the control planes one at a time")
                .containsExactly(
                        "node1.internal init started", "node1.internal init succeeded",
                        "node2.internal join-control-plane started", "node2.internal join-control-plane succeeded",
                        "node3.internal join-control-plane started", "node3.internal join-control-plane succeeded");
        assertThat(steps.subList(6, 10)).as(context + ": then the workers").containsExactlyInAnyOrder(
                "node4.internal join-worker started", "node4.internal join-worker succeeded",
                "node5.internal join-worker started", "node5.internal join-worker succeeded");
        List<OrchestratedCluster.EtcdMemberLine> members = cluster.etcdMembers("node1.internal");
        assertThat(members).as(context + ": real etcd has the three control planes, each once, all started: "
                + members).extracting(OrchestratedCluster.EtcdMemberLine::name).containsExactlyInAnyOrderElementsOf(
                OrchestratedCluster.CONTROL_PLANES);
        assertThat(members).as(context).allMatch(OrchestratedCluster.EtcdMemberLine::started);
    }
}
