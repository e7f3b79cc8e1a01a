package io.kubenode.controller.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.catalog.CatalogResource;
import io.kubenode.common.status.NodeSummary;
import io.kubenode.controller.compiler.loadbalancer.LoadBalancerBuilder;
import io.kubenode.controller.e2e.DocumentEdits;
import io.kubenode.controller.e2e.EndpointPoller;
import io.kubenode.controller.e2e.RolloutSummary;
import io.kubenode.controller.realcheck.ExternalCommand;
import io.kubenode.controller.rollout.RolloutStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 16: the seed's five hosts as systemd containers managed by kubenode ({@link NspawnCluster}), with real VRRP
 * between the control planes. Host preparation converges on every node's catalog (keepalived and haproxy from the
 * signed local repository, started by systemd on the control planes only, firewalld opened for the roles' ports and
 * VRRP from the peers), then the orchestration brings the cluster up to Ready through the real endpoint: kubeadm is
 * the simulator ({@link SimulatorStandIns}: its node daemon is kubelet.service and serves the apiserver on each
 * control plane, etcd is Debian's real etcd, three members). The virtual IP is on exactly one control plane and
 * moves, measured, when keepalived stops or dies on its holder (and the agent's next pass starts it again), when the
 * holder is powered off (the cluster Degraded until it is back), and through the health check when the holder's
 * haproxy stops; a stopped apiserver alone does not move it. Hand edits are measured as drift, and a worker cut off
 * keeps enforcing its cached catalog while the controller marks it Unreachable. A control plane and a worker are
 * removed and added back, and one revision that restarts haproxy, keepalived and containerd rolls over the control
 * planes one at a time (systemd's journal says when each restarted) while a client asks the endpoint every 100 ms.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NspawnClusterIT {
    private static final Duration HOST_PREPARATION_WITHIN = Duration.ofMinutes(5);
    private static final Duration BRING_UP_WITHIN = Duration.ofMinutes(8);
    /** The simulator's switch for the apiserver alone on a control plane (a crictl stop of its container). */
    private static final String APISERVER_STOPPED = "/var/lib/kubeadm-simulator/apiserver-stopped";
    private static final String CLUSTER_CA = "/etc/kubernetes/pki/ca.crt";
    /** Where the fault watcher on the third control plane notes when it killed the agent. */
    private static final String AGENT_KILLED = "/run/kubenode-test-agent-killed";
    /** keepalived's advert_int is 1 s: a backup takes over after 3 missed adverts plus skew (about 3.6 s). */
    private static final Duration FAILOVER_WITHIN = Duration.ofSeconds(5);
    private static final int ENDPOINT_PORT = 8888;
    private static final int APISERVER_PORT = 6443;
    private static final Set<String> APPLIED = Set.of("in_sync", "changed");
    /** The agent's certificate from its enrollment, in the package's default state dir. */
    private static final String NODE_CERTIFICATE = "/var/lib/kubenode-agent/pki/node.crt";
    private static final String AGENT_CA = "/var/lib/kubenode-agent/pki/ca.crt";
    /** What scenario 8's revision restarts on a control plane; a worker restarts containerd only. */
    private static final List<String> ROLLED_UNITS = List.of("haproxy.service", "keepalived.service",
            "containerd.service");
    private static final int ROLLED_MAX_CONNECTIONS = 5000;
    private static final String ROLLED_SANDBOX_IMAGE = "registry.k8s.io/pause:3.9";
    /**
     * A backup takes over after three missed adverts (advert_int 1 s) plus its skew, (256 - priority) / 256 s: about
     * 3.6 s with the priorities of three control planes.
     */
    private static final Duration ONE_VRRP_FAILOVER = Duration.ofMillis(3600);

    private NspawnCluster cluster;
    private VipFailover failover;
    private EndpointHealthz healthz;
    private long classStart;

    @BeforeAll
    void startTheCluster() throws Exception {
        classStart = System.nanoTime();
        cluster = NspawnCluster.start();
        failover = new VipFailover(cluster, ENDPOINT_PORT);
    }

    @AfterAll
    void stopTheCluster() throws Exception {
        try {
            if (cluster != null) {
                cluster.timings().print();
                cluster.close();
            }
        } finally {
            System.out.printf("NspawnClusterIT: whole class %.1f s%n", (System.nanoTime() - classStart) / 1e9);
        }
    }

    @Test
    @Order(1)
    void everyNodesHostPreparationConvergesOnItsCatalog() {
        long start = System.nanoTime();
        for (String node : allNodes()) {
            List<String> preparation = cluster.document().compile(node).spec().resources().stream()
                    .map(CatalogResource::id).toList();
            await(node + ": host preparation applied").atMost(HOST_PREPARATION_WITHIN)
                    .pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                        Map<String, String> states = cluster.admin().resourceStates(node);
                        List<String> notApplied = preparation.stream()
                                .filter(id -> !APPLIED.contains(states.getOrDefault(id, "not reported")))
                                .map(id -> id + "=" + states.get(id)).toList();
                        assertThat(notApplied).as(node + ": host-preparation resources not applied").isEmpty();
                    });
        }
        cluster.timings().lap("host preparation converged on all 5 nodes");
        System.out.printf("NspawnClusterIT: host preparation converged %.1f s after the agents started%n",
                (System.nanoTime() - start) / 1e9);
        System.out.println(cluster.kubenodectl().run("get", "nodes"));
        System.out.println(cluster.kubenodectl().run("get", "cluster"));
    }

    @Test
    @Order(2)
    void theBringUpReachesReadyThroughTheEndpointWithThreeEtcdMembersAndEveryNodeReadyInTheApi() throws Exception {
        // Scenarios 3 and 4 happen during it: the controller is killed (-9) and restarted while the first control
        // plane joins, and the third control plane's agent is killed while its kubeadm join runs.
        String secondControlPlane = NspawnCluster.CONTROL_PLANES.get(1);
        NspawnHost third = cluster.controlPlanes().get(2);
        // A join is seconds long: a watcher inside the host kills the agent 1.5 s after kubeadm join started, and
        // leaves the time it did so behind.
        third.check("systemd-run", "--unit=kubenode-test-fault", "--collect", "--quiet", "sh", "-c",
                "while ! pgrep -f 'KubeSimulator kubeadm join --config' >/dev/null; do sleep 0.1; done; sleep 1.5; "
                        + "date +%s.%N > " + AGENT_KILLED + "; systemctl kill -s KILL kubenode-agent");
        long start = System.nanoTime();
        List<String> faults = new ArrayList<>();
        await("the cluster Ready").atMost(BRING_UP_WITHIN).pollInterval(Duration.ofSeconds(1)).until(() -> {
            JsonNode orchestration = cluster.kubenodectl().orchestration();
            if (orchestration.path("phase").asText().equals("Failed")) {
                throw new AssertionError("the bring-up Failed: " + orchestration.path("message").asText() + "\n"
                        + cluster.kubenodectl().run("get", "cluster"));
            }
            if (faults.isEmpty() && nodePhase(orchestration, secondControlPlane).equals("Joining")) {
                long killed = System.nanoTime();
                cluster.killAndRestartController();
                faults.add(String.format("controller killed (-9) and serving again %.1f s later while %s joined "
                        + "(%.1f s into the bring-up)", (System.nanoTime() - killed) / 1e9, secondControlPlane,
                        (killed - start) / 1e9));
            }
            return orchestration.path("phase").asText().equals("Ready");
        });
        ExternalCommand.Result killed = third.run("cat", AGENT_KILLED);
        if (killed.exitCode() == 0) {
            double at = Double.parseDouble(killed.stdout().strip());
            faults.add(String.format("%s's agent killed (systemctl kill -s KILL) 1.5 s after its kubeadm join "
                    + "started, at %s", third.hostname(), Instant.ofEpochMilli((long) (at * 1000))));
        }
        faults.forEach(fault -> System.out.println("NspawnClusterIT: during the bring-up: " + fault));
        System.out.println("NspawnClusterIT: " + third.hostname() + "'s agent on kubeadm, around the kill:\n"
                + third.run("sh", "-c", "journalctl -u kubenode-agent --no-pager -o short-precise | grep -i "
                + "'kubeadm\\|Started\\|Main process' | tail -n 12").stdout());
        assertThat(faults).as("both faults were injected during the bring-up").hasSize(2);
        assertThat(third.check("systemctl", "show", "--property=NRestarts", "--value", "kubenode-agent").strip())
                .as(third.hostname() + ": the killed agent restarted by systemd").isNotEqualTo("0");
        cluster.timings().lap("bring-up: the cluster Ready");
        System.out.printf("NspawnClusterIT: the cluster Ready %.1f s after host preparation converged%n",
                (System.nanoTime() - start) / 1e9);
        JsonNode orchestration = cluster.kubenodectl().orchestration();
        for (JsonNode step : orchestration.path("steps")) {
            System.out.printf("NspawnClusterIT: bring-up phase %-16s %4d s (from %s)%n", step.path("phase").asText(),
                    step.path("elapsedSeconds").asLong(), step.path("enteredAt").asText());
        }
        for (JsonNode node : orchestration.path("nodes")) {
            JsonNode step = node.path("step");
            System.out.printf("NspawnClusterIT: %s kubeadm %s attempt %d: %d s from its release to joined%n",
                    node.path("name").asText(), step.path("action").asText(), step.path("attempt").asInt(),
                    step.path("elapsedSeconds").asLong());
        }
        System.out.println(cluster.kubenodectl().run("get", "cluster"));
        System.out.println(cluster.kubenodectl().run("get", "nodes"));

        assertThat(orchestration.path("message").asText()).as("the controller asked the cluster API itself, "
                + "through the virtual IP, and it listed every node Ready").isEqualTo("5/5 nodes ready");
        for (JsonNode node : orchestration.path("nodes")) {
            String name = node.path("name").asText();
            assertThat(node.path("phase").asText()).as(name).isEqualTo("Ready");
            System.out.printf("NspawnClusterIT: %s: %d kubeadm attempt(s), last failure: %s%n", name,
                    node.path("attempts").asInt(), node.path("lastFailure").asText("none"));
            boolean init = name.equals(NspawnCluster.CONTROL_PLANES.get(0));
            assertThat(node.path("step").path("action").asText()).as(name).isEqualTo(init ? "init" : "join");
            if (init) {
                assertThat(node.path("attempts").asInt()).as(name + ": kubeadm init ran once").isEqualTo(1);
            }
        }
        for (NodeSummary node : cluster.kubenodectl().nodes()) {
            assertThat(node.converged()).as(node.name() + " converged").isTrue();
            assertThat(node.appliedGeneration()).as(node.name() + " applied generation")
                    .isEqualTo(node.desiredGeneration());
        }
        NspawnHost first = cluster.controlPlanes().get(0);
        Path ca = cluster.work().resolve("cluster-ca.crt");
        Files.writeString(ca, first.check("cat", CLUSTER_CA));
        String endpointHost = cluster.document().cluster().spec().controlPlaneEndpoint().host();
        healthz = new EndpointHealthz(endpointHost, ENDPOINT_PORT, cluster.vip(), ca);
        assertThat(healthz.answers("/readyz")).as("https://VIP:8888/readyz through haproxy, verified by the "
                + "cluster CA").isTrue();
        List<EtcdMembers.Member> members = EtcdMembers.list(first, cluster.work());
        System.out.println("NspawnClusterIT: etcd members " + members);
        assertThat(members).extracting(EtcdMembers.Member::name)
                .containsExactlyInAnyOrderElementsOf(NspawnCluster.CONTROL_PLANES);
        assertThat(members).allSatisfy(member -> assertThat(member.clientUrls()).as(member.name() + " started")
                .isNotEmpty());
        for (NspawnHost host : cluster.controlPlanes()) {
            assertThat(host.check("systemctl", "is-active", "kubelet")).as(host.hostname()).isEqualTo("active\n");
        }
    }

    @Test
    @Order(3)
    void keepalivedAndHaproxyComeFromTheSignedRepositoryAndRunOnTheControlPlanesOnly() throws Exception {
        for (NspawnHost host : cluster.controlPlanes()) {
            for (String unit : List.of("keepalived", "haproxy")) {
                assertThat(host.run("systemctl", "is-active", unit).stdout().strip()).as(host.hostname() + " " + unit)
                        .isEqualTo("active");
                assertThat(host.check("dpkg-query", "-W", "-f", "${Status}", unit)).isEqualTo("install ok installed");
                assertThat(host.check("apt-cache", "policy", unit)).as(host.hostname() + ": " + unit
                        + " installed from the catalog's repository").contains(cluster.mirror() + "/repo");
            }
        }
        for (NspawnHost host : cluster.workers()) {
            for (String unit : List.of("keepalived", "haproxy")) {
                assertThat(host.run("dpkg-query", "-W", "-f", "${Status}", unit).stdout()).as(host.hostname() + " "
                        + unit).doesNotContain("install ok installed");
                assertThat(host.run("systemctl", "is-active", unit).stdout().strip()).isNotEqualTo("active");
            }
        }
    }

    @Test
    @Order(4)
    void firewalldStillRunsWithTheRolesPortsAndVrrpFromThePeersOnly() throws Exception {
        for (NspawnHost host : cluster.controlPlanes()) {
            assertThat(host.check("firewall-cmd", "--state")).isEqualTo("running\n");
            assertThat(words(host.check("firewall-cmd", "--list-ports"))).contains("6443/tcp", "8888/tcp",
                    "2379-2380/tcp", "10250/tcp");
            String rules = host.check("firewall-cmd", "--list-rich-rules");
            for (NspawnHost peer : cluster.controlPlanes()) {
                String rule = "rule family=\"ipv4\" source address=\"" + peer.address()
                        + "\" protocol value=\"vrrp\" accept";
                if (peer == host) {
                    assertThat(rules).doesNotContain(rule);
                } else {
                    assertThat(rules).contains(rule);
                }
            }
        }
        for (NspawnHost host : cluster.workers()) {
            assertThat(host.check("firewall-cmd", "--state")).isEqualTo("running\n");
            assertThat(words(host.check("firewall-cmd", "--list-ports"))).contains("10250/tcp", "30000-32767/tcp")
                    .doesNotContain("6443/tcp", "8888/tcp");
            assertThat(host.check("firewall-cmd", "--list-rich-rules")).isBlank();
        }
    }

    @Test
    @Order(5)
    void theVirtualIpIsOnExactlyOneControlPlaneAndNowhereElse() throws Exception {
        await("one VIP holder").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> holders(cluster.controlPlanes()).size() == 1);
        System.out.println("NspawnClusterIT: VIP " + cluster.vip() + " held by " + holders(cluster.controlPlanes()));
        assertThat(holders(cluster.workers())).isEmpty();
    }

    @Test
    @Order(6)
    void stoppingKeepalivedOnTheHolderMovesTheVipAndTheAgentsNextPassStartsItAgain() throws Exception {
        // A stopping keepalived says goodbye (an advert with priority 0): a backup takes over at once.
        String holder = holders(cluster.controlPlanes()).get(0);
        int serviceDrift = driftCorrections(holder, "service");
        long generation = cluster.kubenodectl().node(holder).desiredGeneration();
        failover.keepalivedGoesAndComesBack(holder, "keepalived stopped on the holder", FAILOVER_WITHIN, "systemctl",
                "stop", "keepalived");

        assertDriftCountedOnce(holder, "service", serviceDrift, generation);
    }

    @Test
    @Order(7)
    void killingKeepalivedOnTheHolderMovesTheVipAfterTheMissedAdvertsAndTheAgentStartsItAgain() throws Exception {
        // A crash sends no goodbye: the backups wait out three missed adverts (advert_int 1 s) and their skew, and
        // the address stays on the dead holder's interface until keepalived starts again. Debian's
        // keepalived.service does not restart it (no Restart=): the agent's pass does.
        String holder = holders(cluster.controlPlanes()).get(0);
        int serviceDrift = driftCorrections(holder, "service");
        long generation = cluster.kubenodectl().node(holder).desiredGeneration();
        failover.keepalivedGoesAndComesBack(holder, "keepalived killed on the holder", FAILOVER_WITHIN, "systemctl",
                "kill", "-s", "KILL", "keepalived");

        assertDriftCountedOnce(holder, "service", serviceDrift, generation);
    }

    @Test
    @Order(8)
    void poweringOffTheHolderMovesTheVipAndPoweringItOnBringsItBack() throws Exception {
        String holder = holders(cluster.controlPlanes()).get(0);
        NspawnHost host = cluster.node(holder);
        try (VipWatch watch = failover.watch()) {
            try {
                poweredOffAndOn(holder, host, watch);
            } finally {
                if (!host.running()) {
                    host.powerOn();
                }
            }
        }
        await(holder + ": its etcd member answers again, started by the kubelet").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                        assertThat(EtcdMembers.list(host, cluster.work())).extracting(EtcdMembers.Member::name)
                                .containsExactlyInAnyOrderElementsOf(NspawnCluster.CONTROL_PLANES));
        assertThat(host.check("systemctl", "is-active", "kubenode-agent", "keepalived", "haproxy", "firewalld",
                "kubelet")).as("started by the host's systemd at boot")
                .isEqualTo("active\nactive\nactive\nactive\nactive\n");
    }

    @Test
    @Order(9)
    void everyHaproxySeesEveryApiserverUpAndEveryHealthCheckPassesAtFullPriority() throws Exception {
        long start = System.nanoTime();
        for (NspawnHost host : cluster.controlPlanes()) {
            String fullPriority = String.valueOf(basePriority(host.hostname()));
            // haproxy: a DOWN server needs 2 good checks 5 s apart; keepalived: 2 good runs of its 3 s check
            await(host.hostname() + ": every apiserver UP in haproxy, the check passing, full priority")
                    .atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                        assertThat(LoadBalancerProbes.haproxyServerStates(host)).as(host.hostname() + ": haproxy")
                                .containsOnlyKeys(NspawnCluster.CONTROL_PLANES).allSatisfy((server, status) ->
                                        assertThat(status).as(server).isEqualTo("UP"));
                        assertThat(LoadBalancerProbes.checkScriptExit(host)).as(host.hostname()
                                + ": check_apiserver.sh as nobody").isZero();
                        assertThat(LoadBalancerProbes.lastPriorityChange(host)).as(host.hostname()
                                + ": keepalived's last priority change").matches("|\\d+ to " + fullPriority);
                    });
        }
        System.out.printf("NspawnClusterIT: every haproxy backend UP, every check passing, every keepalived at full "
                + "priority (%.1f s of waiting)%n", (System.nanoTime() - start) / 1e9);
        assertThat(healthz.answers()).as("https://VIP:8888/healthz from this host, verified by the test CA").isTrue();
        assertThat(holders(cluster.controlPlanes())).containsExactly(NspawnCluster.CONTROL_PLANES.get(0));
    }

    @Test
    @Order(10)
    void stoppingTheHoldersApiserverAloneLeavesTheVipWhereItIsBecauseItsHaproxyRoutesToTheOtherTwo()
            throws Exception {
        // The designed behaviour: the check script asks the API through the holder's own haproxy, which balances
        // over every control plane's apiserver, so one dead apiserver is one backend haproxy marks DOWN (3 failed
        // checks 5 s apart), not a reason to move the VIP: the endpoint keeps answering from the other two. Until
        // haproxy marks it DOWN, round robin still gives new connections to the dead backend: haproxy must retry
        // them on another server (option redispatch), so that no ask fails, the holder's own check included.
        String holder = holders(cluster.controlPlanes()).get(0);
        NspawnHost host = cluster.node(holder);
        int[] asked = {0, 0};
        try (VipWatch watch = failover.watch()) {
            watch.awaitHeldBy(holder, Duration.ofSeconds(5));
            long stopped = watch.mark("apiserver stopped on " + holder);
            host.check("touch", APISERVER_STOPPED);
            await("every haproxy marks " + holder + "'s apiserver DOWN").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                        asked[0]++;
                        asked[1] += healthz.answers() ? 0 : 1;
                        for (NspawnHost controlPlane : cluster.controlPlanes()) {
                            assertThat(LoadBalancerProbes.haproxyServerStates(controlPlane).get(holder))
                                    .as(controlPlane.hostname()).startsWith("DOWN");
                        }
                    });
            long down = watch.mark("every haproxy marks " + holder + "'s apiserver DOWN");
            // Two more runs of keepalived's 3 s check: the VIP still does not move.
            Thread.sleep(6000);
            watch.mark("6 s later");
            System.out.printf("NspawnClusterIT: apiserver stopped on the holder %s: DOWN in every haproxy "
                    + "%d ms later; https://VIP:8888/healthz failed %d of %d asks meanwhile; holders %s%n", holder,
                    down - stopped, asked[1], asked[0], watch.holders());
            VipFailover.printTimeline("the holder's apiserver stopped", watch);
            assertThat(watch.timeline()).as("the VIP never left " + holder).map(VipWatch.Event::what)
                    .doesNotContain(holder + " dropped the VIP");
            assertThat(watch.holders()).containsExactly(holder);
            assertThat(LoadBalancerProbes.checkScriptExit(host)).as("the holder's check, through its haproxy")
                    .isZero();
            assertThat(healthz.answers()).as("the endpoint, from the other two").isTrue();
            assertThat(asked[1]).as("asks of https://VIP:8888/healthz that failed while haproxy still sent "
                    + "connections to the dead apiserver (of " + asked[0] + ")").isZero();
        } finally {
            host.check("rm", "-f", APISERVER_STOPPED);
        }
    }

    @Test
    @Order(11)
    void stoppingHaproxyOnTheHolderFailsItsHealthCheckAndMovesTheVipUntilTheAgentStartsHaproxyAgain()
            throws Exception {
        // keepalived notices after 3 failed runs of its 3 s check (6 to 9 s), then lowers the holder's priority
        // by 20, below the others'. An agent with this test's 5 s interval would start haproxy again before that
        // (within about 5.5 s), so the VIP would not move (inferred from the intervals, not run here): the agent is
        // paused (SIGSTOP, its pass in hand frozen) to stand for a longer interval (the default is 60 s), and
        // resumed to let its next pass correct the drift.
        String holder = holders(cluster.controlPlanes()).get(0);
        NspawnHost host = cluster.node(holder);
        int serviceDrift = driftCorrections(holder, "service");
        long generation = cluster.kubenodectl().node(holder).desiredGeneration();
        try (VipWatch watch = failover.watch()) {
            host.check("systemctl", "kill", "-s", "STOP", "kubenode-agent");
            try {
                long began = failover.failOver(watch, holder, "systemctl stop haproxy", Duration.ofSeconds(15),
                        () -> host.check("systemctl", "stop", "haproxy"));
                long answering = healthz.awaitAnswering(watch, Duration.ofSeconds(5));
                System.out.printf("NspawnClusterIT: haproxy stopped on the holder %s: https://VIP:8888/healthz "
                        + "answers this host (TLS verified) %d ms after the stop%n", holder, answering - began);
                assertThat(LoadBalancerProbes.lastPriorityChange(host)).as("keepalived lowered the priority")
                        .isEqualTo(basePriority(holder) + " to " + (basePriority(holder) - 20));
            } finally {
                host.check("systemctl", "kill", "-s", "CONT", "kubenode-agent");
            }
            long resumed = watch.mark("agent resumed on " + holder);
            await(holder + ": haproxy started again by the agent").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(250)).until(() -> LoadBalancerProbes.mainPid(host, "haproxy") > 0);
            long started = watch.mark("haproxy active again on " + holder + " (the agent's pass)");
            // 2 good runs of the 3 s check restore the priority; keepalived preempts the lower-priority holder.
            long back = watch.awaitHeldBy(holder, Duration.ofSeconds(20));
            System.out.printf("NspawnClusterIT: drift corrected: haproxy started %d ms after the agent resumed, the "
                    + "VIP back on %s %d ms after that%n", started - resumed, holder, back - started);
            VipFailover.printTimeline("haproxy stopped on the holder", watch);
        }
        assertDriftCountedOnce(holder, "service", serviceDrift, generation);
        assertThat(healthz.answers()).isTrue();
    }

    @Test
    @Order(12)
    void aHandEditOfHaproxyCfgIsUndoneWithinOnePassAndRestartsHaproxy() throws Exception {
        String holder = holders(cluster.controlPlanes()).get(0);
        NspawnHost host = cluster.node(holder);
        String cfg = LoadBalancerBuilder.HAPROXY_CFG;
        String managed = host.check("sha256sum", cfg);
        long pid = LoadBalancerProbes.mainPid(host, "haproxy");
        int fileDrift = driftCorrections(holder, "file");
        try (VipWatch watch = failover.watch()) {
            long edited = watch.mark("a line appended to " + cfg + " on " + holder);
            host.check("sh", "-c", "echo '# tuned by hand' >> " + cfg);
            await(holder + ": haproxy.cfg restored and haproxy restarted")
                    .atMost(Duration.ofSeconds(2L * NspawnCluster.AGENT_INTERVAL_SECONDS + 10))
                    .pollInterval(Duration.ofMillis(100)).until(() -> host.check("sha256sum", cfg).equals(managed)
                            && LoadBalancerProbes.mainPid(host, "haproxy") != pid
                            && LoadBalancerProbes.mainPid(host, "haproxy") != 0);
            long corrected = watch.mark(cfg + " restored, haproxy restarted (new MainPID)");
            await("the drift counted").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> driftCorrections(holder, "file") > fileDrift);
            System.out.printf("NspawnClusterIT: hand edit of haproxy.cfg on %s detected and corrected (file "
                    + "restored, haproxy restarted) %d ms after the edit%n", holder, corrected - edited);
            VipFailover.printTimeline("haproxy.cfg edited by hand on the holder", watch);
            assertThat(watch.holders()).containsExactly(holder);
        }
        assertThat(driftCorrections(holder, "file")).as("counted once, as file drift").isEqualTo(fileDrift + 1);
        assertThat(host.check("systemctl", "is-active", "haproxy")).isEqualTo("active\n");
        assertThat(healthz.answers()).isTrue();
    }

    @Test
    @Order(13)
    void aWorkerCutOffKeepsEnforcingItsCachedCatalogIsMarkedUnreachableAndComesBackWithoutEnrollingAgain()
            throws Exception {
        // Scenario 5. The link is cut on this host's side of the worker's veth: the worker's own network stays up,
        // its agent simply reaches nothing. The controller notices the silence of its catalog watch (30 s wait + 30 s
        // grace) whatever the agent's passes do; meanwhile the agent keeps correcting drift from its cached catalog.
        String worker = NspawnCluster.WORKERS.get(NspawnCluster.WORKERS.size() - 1);
        NspawnHost host = cluster.node(worker);
        String certificate = host.check("sha256sum", NODE_CERTIFICATE);
        awaitClusterReady(Duration.ofSeconds(90));
        NodeSummary before = cluster.kubenodectl().node(worker);
        assertThat(before.phase()).isEqualTo("Ready");

        long cut = System.nanoTime();
        Commands.check(List.of("ip", "link", "set", host.hostInterface(), "down"), Duration.ofSeconds(10));
        try {
            await(worker + " cannot reach the controller").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(500)).until(() -> host.run("curl", "-s", "--max-time", "1",
                            "--cacert", AGENT_CA, "-o", "/dev/null", cluster.controllerUrl() + "/healthz")
                            .exitCode() != 0);
            host.check("sysctl", "-w", "net.ipv4.ip_forward=0");
            long edited = System.nanoTime();
            await(worker + ": ip_forward set back from the cached catalog while cut off")
                    .atMost(Duration.ofSeconds(2L * NspawnCluster.AGENT_INTERVAL_SECONDS + 10))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> host.check("sysctl", "-n", "net.ipv4.ip_forward").strip().equals("1"));
            System.out.printf("NspawnClusterIT: %s cut off: a sysctl changed by hand set back by its agent %.1f s "
                    + "later, from the cached catalog%n", worker, (System.nanoTime() - edited) / 1e9);

            await(worker + " Unreachable").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> "Unreachable".equals(cluster.kubenodectl().node(worker).phase()));
            double detected = (System.nanoTime() - cut) / 1e9;
            NodeSummary silent = cluster.kubenodectl().node(worker);
            System.out.printf("NspawnClusterIT: %s marked Unreachable %.1f s after its link was cut%n", worker,
                    detected);
            System.out.println(cluster.kubenodectl().run("get", "nodes"));
            assertThat(detected).as("its last request promised another within 30 s, plus 30 s of grace")
                    .isGreaterThan(29);
            assertThat(cluster.kubenodectl().run("describe", "node", worker)).contains("unreachable: no contact since");
            JsonNode orchestration = cluster.kubenodectl().orchestration();
            assertThat(orchestration.path("phase").asText()).isEqualTo("Degraded");
            assertThat(orchestration.path("message").asText()).contains(worker + ": unreachable");
            Thread.sleep(2000L * NspawnCluster.AGENT_INTERVAL_SECONDS);
            assertThat(cluster.kubenodectl().node(worker).lastSeen()).as("it reports nothing while cut off")
                    .isEqualTo(silent.lastSeen());
        } finally {
            Commands.check(List.of("ip", "link", "set", host.hostInterface(), "up"), Duration.ofSeconds(10));
        }
        long healed = System.nanoTime();
        await(worker + " Ready and converged again").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1)).until(() -> {
                    NodeSummary back = cluster.kubenodectl().node(worker);
                    return "Ready".equals(back.phase()) && back.converged();
                });
        System.out.printf("NspawnClusterIT: %s Ready and converged again %.1f s after its link was restored%n",
                worker, (System.nanoTime() - healed) / 1e9);
        assertThat(host.check("sha256sum", NODE_CERTIFICATE)).as("the same certificate: no new "
                + "enrollment").isEqualTo(certificate);
        awaitClusterReady(Duration.ofSeconds(60));
    }

    @Test
    @Order(14)
    void removingAControlPlaneAndAWorkerLeavesTwoEtcdMembersAndBothJoinCleanlyWhenAddedBack() throws Exception {
        // Scenario 6 on real services: node3's etcd member is removed through etcd's API before its kubeadm reset,
        // the remaining control planes' haproxy drops it; added back, it joins as a new member (no stale one).
        awaitClusterReady(Duration.ofSeconds(90));
        String controlPlane = NspawnCluster.CONTROL_PLANES.get(2);
        String worker = NspawnCluster.WORKERS.get(1);
        NspawnHost first = cluster.controlPlanes().get(0);
        NspawnHost leaving = cluster.node(controlPlane);
        String full = cluster.document().text();
        String reduced = full.lines().filter(line -> !line.contains("name: " + controlPlane + ",")
                && !line.contains("name: " + worker + ",")).collect(Collectors.joining("\n", "", "\n"));
        assertThat(reduced).isNotEqualTo(full);

        long start = System.nanoTime();
        apply("cluster-without-" + controlPlane + ".yaml", reduced);
        List<String> steps = new ArrayList<>();
        await("both nodes left and the cluster Ready").atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(1)).until(() -> {
                    JsonNode orchestration = cluster.kubenodectl().orchestration();
                    for (JsonNode departure : orchestration.path("departures")) {
                        String step = departure.path("name").asText() + " " + departure.path("step").asText();
                        if (!steps.contains(step)) {
                            steps.add(step);
                            System.out.printf("NspawnClusterIT: removal +%.1f s: %s (executor %s)%n",
                                    (System.nanoTime() - start) / 1e9, step, departure.path("executor").asText());
                        }
                    }
                    return orchestration.path("departures").isEmpty()
                            && orchestration.path("phase").asText().equals("Ready");
                });
        System.out.printf("NspawnClusterIT: %s and %s removed, the cluster Ready %.1f s after the apply%n",
                controlPlane, worker, (System.nanoTime() - start) / 1e9);
        assertThat(steps).as("the member went before the node's reset").containsSubsequence(
                controlPlane + " RemovingMember", controlPlane + " Resetting");
        assertThat(EtcdMembers.list(first, cluster.work())).extracting(EtcdMembers.Member::name)
                .containsExactlyInAnyOrder(NspawnCluster.CONTROL_PLANES.get(0), NspawnCluster.CONTROL_PLANES.get(1));
        for (NspawnHost remaining : cluster.controlPlanes().subList(0, 2)) {
            // the same revision's rollout, one control plane at a time
            await(remaining.hostname() + ": haproxy.cfg without " + controlPlane).atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> !remaining.check("cat",
                            LoadBalancerBuilder.HAPROXY_CFG).contains(leaving.address() + ":"));
        }
        assertThat(leaving.run("test", "-e", "/etc/kubernetes/kubelet.conf").exitCode()).as("reset").isNotZero();
        assertThat(leaving.run("systemctl", "is-active", "keepalived", "haproxy").stdout())
                .isEqualTo("inactive\ninactive\n");
        assertThat(cluster.node(worker).run("test", "-e", "/etc/kubernetes/kubelet.conf").exitCode()).isNotZero();

        long added = System.nanoTime();
        apply("cluster-added-back.yaml", full);
        awaitClusterReady(Duration.ofMinutes(4));
        System.out.printf("NspawnClusterIT: %s and %s added back, the cluster Ready %.1f s after the apply%n",
                controlPlane, worker, (System.nanoTime() - added) / 1e9);
        List<EtcdMembers.Member> members = EtcdMembers.list(first, cluster.work());
        assertThat(members).extracting(EtcdMembers.Member::name)
                .containsExactlyInAnyOrderElementsOf(NspawnCluster.CONTROL_PLANES);
        assertThat(members).allSatisfy(member -> assertThat(member.clientUrls()).as(member.name() + " started")
                .isNotEmpty());
        assertThat(leaving.check("systemctl", "is-active", "keepalived", "haproxy")).isEqualTo("active\nactive\n");
    }

    @Test
    @Order(15)
    void oneRevisionOfHaproxyKeepalivedAndContainerdRestartsTheControlPlanesOneAtATimeWhileClientsKeepAnswers()
            throws Exception {
        // Scenario 8, the rollout on real services: haproxy's maxconn, keepalived's check interval and containerd's
        // sandbox image in one revision restart haproxy, keepalived and containerd on each control plane and
        // containerd on each worker. The next control plane gets the revision only when the one before converged
        // with its probes passing (its apiserver, its haproxy, the endpoint through the VIP).
        awaitClusterReady(Duration.ofSeconds(90));
        String holder = NspawnCluster.CONTROL_PLANES.get(0);
        long revisionBefore = cluster.admin().rollout().map(RolloutStatus::revision).orElse(0L);
        String rolled = DocumentEdits.withCheckInterval(DocumentEdits.withSandboxImage(DocumentEdits
                .withMaxConnections(cluster.document().text(), ROLLED_MAX_CONNECTIONS), ROLLED_SANDBOX_IMAGE), 2);
        String endpointHost = cluster.document().cluster().spec().controlPlaneEndpoint().host();
        byte[] clusterCa = cluster.controlPlanes().get(0).check("cat", CLUSTER_CA).getBytes(StandardCharsets.UTF_8);
        List<NspawnHost> hosts = allNodes().stream().map(cluster::node).toList();
        Map<String, List<UnitJournal.Restart>> restarts = new LinkedHashMap<>();
        List<VipWatch.Event> timeline;
        List<EndpointPoller.Request> requests;
        VipWatch watch = failover.watch();
        try (watch; EndpointPoller client = EndpointPoller.start("https://" + endpointHost
                + ":" + ENDPOINT_PORT + "/readyz", InetAddress.getByName(cluster.vip()), clusterCa,
                Duration.ofMillis(100), Duration.ofSeconds(1))) {
            watch.awaitHeldBy(holder, Duration.ofSeconds(30));
            Instant applied = Instant.now();
            watch.mark("kubenodectl apply: haproxy maxconn, keepalived check interval, containerd sandbox image");
            apply("cluster-rolled.yaml", rolled);
            awaitRolloutComplete(revisionBefore, watch);
            // the holder restarted first and, at the highest priority, takes the VIP back once its check passes
            watch.awaitHeldBy(holder, Duration.ofSeconds(30));
            watch.mark("the rollout complete, " + holder + " holds the VIP");
            for (NspawnHost host : hosts) {
                List<UnitJournal.Entry> entries = UnitJournal.since(host, applied, ROLLED_UNITS);
                entries.forEach(entry -> watch.note(entry.at(), host.hostname() + " (journal): " + entry.unit() + " "
                        + entry.kind().name().toLowerCase()));
                restarts.put(host.hostname(), UnitJournal.restarts(entries));
            }
            VipFailover.printTimeline("one revision rolled over the cluster under a client's load", watch);
            timeline = watch.timeline();
            requests = client.requests();
        }
        String context = "\ntimeline:\n" + timeline.stream().map(VipWatch.Event::toString)
                .collect(Collectors.joining("\n"));

        // systemd's journal: each control plane restarted its three services once, the next one only after
        List<long[]> windows = new ArrayList<>();
        for (String controlPlane : NspawnCluster.CONTROL_PLANES) {
            List<UnitJournal.Restart> own = restarts.get(controlPlane);
            assertThat(own).as(controlPlane + ": one restart of each, each started again" + context)
                    .extracting(UnitJournal.Restart::unit).containsExactlyInAnyOrderElementsOf(ROLLED_UNITS);
            assertThat(own).as(controlPlane + context).allSatisfy(restart -> assertThat(restart.started())
                    .as(restart.unit() + " started again").isNotNull());
            long first = own.stream().mapToLong(restart -> watch.millisAt(restart.stopping())).min().orElseThrow();
            long last = own.stream().mapToLong(restart -> watch.millisAt(restart.started())).max().orElseThrow();
            windows.add(new long[]{first, last});
            System.out.printf("NspawnClusterIT: rollout: %s restarted %s from %+d to %+d ms%n", controlPlane,
                    own.stream().map(UnitJournal.Restart::unit).toList(), first, last);
        }
        for (int i = 1; i < windows.size(); i++) {
            assertThat(windows.get(i)[0]).as(NspawnCluster.CONTROL_PLANES.get(i) + " began restarting after "
                    + NspawnCluster.CONTROL_PLANES.get(i - 1) + " was done" + context)
                    .isGreaterThan(windows.get(i - 1)[1]);
        }
        long controlPlanesDone = windows.get(windows.size() - 1)[1];
        for (String worker : NspawnCluster.WORKERS) {
            assertThat(restarts.get(worker)).as(worker + ": containerd only, once" + context)
                    .extracting(UnitJournal.Restart::unit).containsExactly("containerd.service");
            assertThat(watch.millisAt(restarts.get(worker).get(0).stopping())).as(worker + " after the control "
                    + "planes" + context).isGreaterThan(controlPlanesDone);
        }

        // the VIP moved only when its holder restarted: away, and back when it preempted
        List<VipWatch.Event> moves = vipMoves(timeline);
        int holderRestarts = 0;
        for (int i = 0; i < windows.size(); i++) {
            String controlPlane = NspawnCluster.CONTROL_PLANES.get(i);
            long[] window = windows.get(i);
            boolean held = controlPlane.equals(vipOwnerAt(timeline, window[0]));
            holderRestarts += held ? 1 : 0;
            if (!held) {
                assertThat(moves).as("no VIP move while " + controlPlane + ", not the holder, restarted" + context)
                        .noneMatch(move -> move.millis() >= window[0] && move.millis() <= window[1]);
            }
        }
        assertThat(holderRestarts).as("the holder restarted once" + context).isEqualTo(1);
        assertThat(moves.size()).as("VIP moves: away from the restarting holder and back" + context)
                .isLessThanOrEqualTo(2 * holderRestarts);

        // the client: a request every 100 ms, never longer without an answer than one VRRP failover
        assertThat(requests.size()).as("requests made by the client").isGreaterThan(100);
        assertThat(requests.get(requests.size() - 1).ok()).as("the last request answered").isTrue();
        Duration longestGap = longestGapBetweenAnswers(requests);
        long failed = requests.stream().filter(request -> !request.ok()).count();
        System.out.printf("NspawnClusterIT: rollout under load: %d requests to https://%s:%d/readyz, %d failed, "
                + "the longest time without an answer %d ms; VIP moves %d, holder restarts %d%n", requests.size(),
                endpointHost, ENDPOINT_PORT, failed, longestGap.toMillis(), moves.size(), holderRestarts);
        requests.stream().filter(request -> !request.ok()).forEach(request -> System.out.printf(
                "  failed at %+d ms after %d ms: %s%n", watch.millisAt(request.started()), request.millis(),
                request.detail()));
        assertThat(longestGap).as("the longest time without an answer" + context).isLessThan(ONE_VRRP_FAILOVER);

        for (NspawnHost host : cluster.controlPlanes()) {
            assertThat(host.check("cat", LoadBalancerBuilder.HAPROXY_CFG)).contains("maxconn "
                    + ROLLED_MAX_CONNECTIONS);
            assertThat(host.check("cat", LoadBalancerBuilder.KEEPALIVED_CONF)).contains("    interval 2\n");
        }
        for (NspawnHost host : hosts) {
            assertThat(host.check("cat", "/etc/containerd/config.toml")).as(host.hostname())
                    .contains(ROLLED_SANDBOX_IMAGE);
        }
        List<EtcdMembers.Member> members = EtcdMembers.list(cluster.controlPlanes().get(0), cluster.work());
        System.out.println("NspawnClusterIT: etcd members after the rollout " + members);
        assertThat(members).extracting(EtcdMembers.Member::name)
                .containsExactlyInAnyOrderElementsOf(NspawnCluster.CONTROL_PLANES);
        awaitClusterReady(Duration.ofSeconds(30));
    }

    private void apply(String fileName, String document) throws Exception {
        Path file = cluster.work().resolve(fileName);
        Files.writeString(file, document);
        System.out.println(cluster.kubenodectl().apply(file));
    }

    // ----------------------------------------------------------------------------------------------------------

    /**
     * The agent counts drift when its pass ends, which can be seconds after it restarted the service (the pass goes
     * on with its other resources): wait for the count, then require exactly one more, on the same catalog.
     */
    private void assertDriftCountedOnce(String node, String type, int before, long generation) throws Exception {
        await(node + ": the " + type + " drift counted").atMost(Duration.ofSeconds(
                3L * NspawnCluster.AGENT_INTERVAL_SECONDS + 20)).pollInterval(Duration.ofMillis(500))
                .until(() -> driftCorrections(node, type) > before);
        assertThat(driftCorrections(node, type)).as(node + ": counted once as " + type + " drift").isEqualTo(before + 1);
        assertThat(cluster.kubenodectl().node(node).desiredGeneration()).as(node + ": on the same catalog")
                .isEqualTo(generation);
    }

    private void awaitClusterReady(Duration within) {
        await("the cluster Ready").atMost(within).pollInterval(Duration.ofSeconds(1))
                .until(() -> cluster.kubenodectl().orchestration().path("phase").asText().equals("Ready"));
    }

    /** Powers the holder off: the VIP moves, the cluster goes Degraded; powers it on: VIP back, Ready again. */
    private void poweredOffAndOn(String holder, NspawnHost host, VipWatch watch) throws Exception {
        failover.failOver(watch, holder, "poweroff (systemctl poweroff, nspawn exits)", FAILOVER_WITHIN, host::stop);
        long off = watch.mark(holder + " powered off");
        // A powered-off apiserver sends no reset: haproxy's connect to it times out before it redispatches, until
        // its checks mark it DOWN, so an ask right after the power-off may stall past curl's 1 s.
        long answering = healthz.awaitAnswering(watch, Duration.ofSeconds(20));
        System.out.printf("NspawnClusterIT: %s powered off: https://VIP:8888/healthz answers (TLS verified) %d ms "
                + "after the power-off%n", holder, answering - off);
        // the apiserver stand-in lists the node NotReady once its kubelet's lease is 40 s old, and the agent
        // falls silent: the controller's next decision after either says Degraded
        await("the cluster Degraded, naming " + holder).atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1)).until(() -> {
                    JsonNode orchestration = cluster.kubenodectl().orchestration();
                    return orchestration.path("phase").asText().equals("Degraded")
                            && orchestration.path("message").asText().contains(holder);
                });
        long degraded = watch.mark("the cluster Degraded: " + cluster.kubenodectl().orchestration()
                .path("message").asText());
        System.out.printf("NspawnClusterIT: %s powered off: the cluster Degraded %d ms later%n", holder,
                degraded - off);

        long on = watch.mark("power on " + holder);
        host.powerOn();
        watch.mark(holder + " booted (systemd running)");
        // keepalived is enabled, so the host's systemd starts it at boot; node1's priority is the highest
        long back = watch.awaitHeldBy(holder, Duration.ofSeconds(30));
        System.out.printf("NspawnClusterIT: %s powered on: holds the VIP again %d ms after the power-on%n",
                holder, back - on);
        await("the cluster Ready again").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> cluster.kubenodectl().orchestration().path("phase").asText().equals("Ready"));
        long ready = watch.mark("the cluster Ready again");
        System.out.printf("NspawnClusterIT: %s powered on: the cluster Ready again %d ms after the power-on%n",
                holder, ready - on);
        VipFailover.printTimeline("holder powered off and on", watch);
    }

    /** Waits for the rollout of the revision after {@code revisionBefore} to complete, each change on the watch. */
    private void awaitRolloutComplete(long revisionBefore, VipWatch watch) {
        List<String> progress = new ArrayList<>();
        await("the rollout complete").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Optional<RolloutStatus> status = cluster.admin().rollout().filter(each -> each.revision() > revisionBefore);
            if (status.isEmpty()) {
                return false;
            }
            String line = RolloutSummary.of(status.get());
            if (progress.isEmpty() || !progress.get(progress.size() - 1).equals(line)) {
                progress.add(line);
                watch.mark("rollout: " + line);
            }
            if (status.get().state().equals(RolloutStatus.PAUSED)) {
                throw new AssertionError("the rollout paused: " + line);
            }
            return status.get().state().equals(RolloutStatus.COMPLETE);
        });
    }

    /** The changes of the VIP's owner as this host's neighbour entry saw them, between control planes. */
    private static List<VipWatch.Event> vipMoves(List<VipWatch.Event> timeline) {
        List<VipWatch.Event> moves = new ArrayList<>();
        String owner = null;
        for (VipWatch.Event event : timeline) {
            String now = arpOwner(event);
            if (now != null && NspawnCluster.CONTROL_PLANES.contains(now)) {
                if (owner != null && !owner.equals(now)) {
                    moves.add(event);
                }
                owner = now;
            }
        }
        return moves;
    }

    /** The control plane this host's neighbour entry named at {@code millis}. */
    private static String vipOwnerAt(List<VipWatch.Event> timeline, long millis) {
        String owner = null;
        for (VipWatch.Event event : timeline) {
            String now = arpOwner(event);
            if (event.millis() > millis) {
                break;
            }
            if (now != null && NspawnCluster.CONTROL_PLANES.contains(now)) {
                owner = now;
            }
        }
        return owner;
    }

    private static String arpOwner(VipWatch.Event event) {
        return event.what().startsWith(VipWatch.ARP_EVENT) ? event.what().substring(VipWatch.ARP_EVENT.length())
                : null;
    }

    /** The longest time between two answered requests (the first request's start stands for an answer before). */
    private static Duration longestGapBetweenAnswers(List<EndpointPoller.Request> requests) {
        Instant lastAnswer = requests.get(0).started();
        Duration longest = Duration.ZERO;
        for (EndpointPoller.Request request : requests) {
            if (request.ok()) {
                Duration gap = Duration.between(lastAnswer, request.ended());
                longest = gap.compareTo(longest) > 0 ? gap : longest;
                lastAnswer = request.ended();
            }
        }
        return longest;
    }

    private static String nodePhase(JsonNode orchestration, String node) {
        for (JsonNode each : orchestration.path("nodes")) {
            if (each.path("name").asText().equals(node)) {
                return each.path("phase").asText();
            }
        }
        return "";
    }

    private static List<String> allNodes() {
        List<String> all = new ArrayList<>(NspawnCluster.CONTROL_PLANES);
        all.addAll(NspawnCluster.WORKERS);
        return all;
    }

    /** keepalived.conf's priority for {@code node}: 100 + the control-plane count - its index (node1 highest). */
    private static int basePriority(String node) {
        return 100 + NspawnCluster.CONTROL_PLANES.size() - NspawnCluster.CONTROL_PLANES.indexOf(node);
    }

    private List<String> holders(List<NspawnHost> hosts) throws Exception {
        return LoadBalancerProbes.vipHolders(hosts, cluster.vip());
    }

    private int driftCorrections(String node, String type) throws Exception {
        return LoadBalancerProbes.driftCorrections(cluster.node(node), type);
    }

    private static Set<String> words(String text) {
        return new TreeSet<>(Arrays.asList(text.strip().split("\\s+")));
    }
}
