package io.kubenode.controller.e2e;

import io.kubenode.agent.kubeadm.simulator.SimulatorExecutables;
import io.kubenode.common.document.Documents;
import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.realcheck.ExternalCommand;
import io.kubenode.controller.serve.ControllerProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The seed's cluster for the bring-up tests, with real processes: a controller, the five nodes as sandbox agents
 * whose kubeadm and kubectl are the simulator (test sources; it really starts a TLS apiserver stand-in and a kubelet
 * health endpoint per node on the node's loopback address 127.0.1.6x), and real haproxy in front of the simulated
 * apiservers on the virtual IP 127.0.1.66:8888, with the configuration the controller compiled for node1.
 */
final class OrchestratedCluster implements AutoCloseable {
    static final List<String> CONTROL_PLANES = List.of("node1.internal", "node2.internal", "node3.internal");
    static final List<String> WORKERS = List.of("node4.internal", "node5.internal");
    static final String VIP = "127.0.1.66";
    static final String ENDPOINT_NAME = "k8s-cp.internal";
    static final int ENDPOINT_PORT = 8888;
    private static final String CLOCK_OFFSET = "clock-offset-seconds";
    private static final String REAL_ETCD = "KUBEADM_SIMULATOR_ETCD";

    private final Path work;
    private final Path clusterDir;
    private final Path clusterFile;
    private final SimulatorExecutables.Paths simulator;
    private final ControllerFixture controller;
    private final Map<String, SandboxNode> nodes = new LinkedHashMap<>();
    private final Map<String, AgentProcess> agents = new LinkedHashMap<>();
    /** When set, each control plane runs a real haproxy ({@link HaproxySimulator}) and the front routes to them. */
    private final HaproxySimulator.Executables nodeHaproxies;
    /** With node haproxies: records each node's containerd and kubelet (re)starts ({@link RecordingUnitSimulator}). */
    private final Path unitRecorder;
    private Process haproxy;
    /** The simulator's environment beyond the cluster directory: {@code KUBEADM_SIMULATOR_ETCD=real} or nothing. */
    private final Map<String, String> simulatorEnvironment;

    private OrchestratedCluster(Path work, Path clusterDir, SimulatorExecutables.Paths simulator,
                                HaproxySimulator.Executables nodeHaproxies, Path unitRecorder, boolean realEtcd,
                                ControllerFixture controller) {
        this.work = work;
        this.clusterDir = clusterDir;
        this.clusterFile = work.resolve("cluster.yaml");
        this.simulator = simulator;
        this.nodeHaproxies = nodeHaproxies;
        this.unitRecorder = unitRecorder;
        this.simulatorEnvironment = realEtcd ? Map.of(REAL_ETCD, "real") : Map.of();
        this.controller = controller;
    }

    /** A controller and the seed's five agents running (enrolled, no document yet); {@code controllerOptions}: serve's. */
    static OrchestratedCluster seed(Path work, String... controllerOptions) throws Exception {
        return of(work, seedNodes(), false, controllerOptions);
    }

    /**
     * As {@link #seed}, and each control plane's haproxy unit is a real haproxy ({@link HaproxySimulator}: started,
     * stopped and restarted when the agent's simulated systemctl does, bound to the node's loopback address, its
     * haproxy.cfg's validate run by that simulator); the front on the virtual IP routes to those haproxies instead of
     * straight to the apiservers, so a client of the endpoint goes through the nodes' haproxies. Every node's
     * containerd and kubelet starts and restarts are recorded ({@link RecordingUnitSimulator}).
     */
    static OrchestratedCluster seedWithNodeHaproxies(Path work, String... controllerOptions) throws Exception {
        return of(work, seedNodes(), false, true, false, controllerOptions);
    }

    /**
     * As {@link #seed}, and every control plane runs a real etcd member ({@code KUBEADM_SIMULATOR_ETCD=real}): init
     * starts the first, a control-plane join adds its member through etcd's API and starts it, a reset removes it.
     * {@link #etcdMembers} lists them with etcdctl.
     */
    static OrchestratedCluster seedWithRealEtcd(Path work, String... controllerOptions) throws Exception {
        return of(work, seedNodes(), false, false, true, controllerOptions);
    }

    /**
     * As {@link #seed}, with only {@code names} of the seed's nodes (in the document and running). With
     * {@code fakeClock} the controller's clock is the simulated cluster's ({@link #moveClockForward}).
     */
    static OrchestratedCluster of(Path work, List<String> names, boolean fakeClock, String... controllerOptions)
            throws Exception {
        return of(work, names, fakeClock, false, false, controllerOptions);
    }

    private static OrchestratedCluster of(Path work, List<String> names, boolean fakeClock, boolean nodeHaproxies,
                                          boolean realEtcd, String... controllerOptions) throws Exception {
        ExternalCommand.require("haproxy");
        if (realEtcd) {
            ExternalCommand.require("etcd");
            ExternalCommand.require("etcdctl");
        }
        Path clusterDir = Files.createDirectories(work.resolve("simulated-cluster"));
        SimulatorExecutables.Paths simulator = SimulatorExecutables.writeTo(Files.createDirectories(
                work.resolve("bin")));
        HaproxySimulator.Executables haproxies = nodeHaproxies ? HaproxySimulator.Executables.writeTo(
                work.resolve("bin")) : null;
        Path unitRecorder = nodeHaproxies ? RecordingUnitSimulator.writeTo(work.resolve("bin")) : null;
        List<String> serve = fakeClock ? ControllerProcess.fakeClockServe(clusterDir.resolve(CLOCK_OFFSET))
                : ControllerProcess.launcherServe();
        OrchestratedCluster cluster = new OrchestratedCluster(work, clusterDir, simulator, haproxies, unitRecorder,
                realEtcd, ControllerFixture.initAndServe(serve, work.resolve("controller"), controllerOptions));
        try {
            Files.writeString(cluster.clusterFile, SeedCluster.exampleText().replace("192.168.0.6", "127.0.1.6")
                    .lines().filter(line -> seedNodes().stream().filter(node -> !names.contains(node))
                            .noneMatch(line::contains))
                    .collect(Collectors.joining("\n", "", "\n")));
            for (String name : names) {
                cluster.startAgent(name, loopbackOf(name));
            }
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    /** node1.internal → 127.0.1.61, its sandbox's loopback address. */
    static String loopbackOf(String name) {
        return "127.0.1.6" + name.charAt(4);
    }

    /**
     * Moves the controller's and the simulated cluster's clock {@code by} further forward (the controller must have
     * been started with a fake clock).
     */
    void moveClockForward(Duration by) throws IOException {
        Path file = clusterDir.resolve(CLOCK_OFFSET);
        long now = Files.isRegularFile(file) ? Long.parseLong(Files.readString(file).strip()) : 0;
        Path next = clusterDir.resolve(CLOCK_OFFSET + ".next");
        Files.writeString(next, (now + by.toSeconds()) + "\n");
        Files.move(next, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static List<String> seedNodes() {
        List<String> all = new ArrayList<>(CONTROL_PLANES);
        all.addAll(WORKERS);
        return all;
    }

    /** {@code kubenodectl apply} of the cluster file, then haproxy once node1 has its configuration. */
    void applyAndStartHaproxy() throws Exception {
        controller.kubenodectl().apply(clusterFile);
        if (haproxy == null) {
            startHaproxyWhenNode1HasItsConfiguration();
        }
    }

    /** An enrolled sandbox machine (2 CPUs, 4 GiB, identities of its own) with its agent running. */
    void startAgent(String name, String loopback) throws IOException, InterruptedException {
        SandboxNode node = controller.enrolledNode(work.resolve(name), name)
                .withHardware(2, 4096, Integer.parseInt(loopback.substring(loopback.lastIndexOf('.') + 1)));
        nodes.put(name, node);
        agents.put(name, node.runWithSimulator(simulator.kubeadm(), simulator.kubectl(), loopback, clusterDir,
                moreSandboxOptions(), simulatorEnvironment));
    }

    private List<String> moreSandboxOptions() {
        return nodeHaproxies == null ? List.of() : List.of("--sandbox-simulator", "haproxy=" + nodeHaproxies.program(),
                "--sandbox-unit", "haproxy=" + nodeHaproxies.unit(), "--sandbox-unit", "containerd=" + unitRecorder,
                "--sandbox-unit", "kubelet=" + unitRecorder);
    }

    /** Stops a node's agent (the machine and what the simulator runs on it stay). */
    void stopAgent(String name) {
        agents.remove(name).close();
    }

    /** Starts a stopped node's agent again, on the same machine and state. */
    void restartAgent(String name) throws IOException {
        assertThat(agents).as(name + "'s agent is stopped").doesNotContainKey(name);
        agents.put(name, nodes.get(name).runWithSimulator(simulator.kubeadm(), simulator.kubectl(), loopbackOf(name),
                clusterDir, moreSandboxOptions(), simulatorEnvironment));
    }

    void awaitReady(String what, Duration within) {
        try {
            await(what + " to reach Ready").atMost(within).pollInterval(Duration.ofSeconds(1))
                    .until(() -> "Ready".equals(controller.kubenodectl().orchestration().path("phase").asText()));
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError(what + " did not reach Ready:\n" + controller.kubenodectl().output("get",
                    "cluster") + "\n" + controller.kubenodectl().output("get", "nodes"), e);
        }
    }

    /** The phase the controller reports now ("" before the first decision or while it does not answer). */
    String phase() {
        try {
            return controller.kubenodectl().orchestration().path("phase").asText("");
        } catch (AssertionError unreachable) {
            return "";
        }
    }

    ControllerFixture controller() {
        return controller;
    }

    SandboxNode node(String name) {
        return nodes.get(name);
    }

    Map<String, SandboxNode> nodes() {
        return nodes;
    }

    Path clusterDir() {
        return clusterDir;
    }

    Path clusterFile() {
        return clusterFile;
    }

    Path work() {
        return work;
    }

    /** One line of the simulator's event log: wall clock, simulated clock, node, step, what happened. */
    record SimulatorEvent(Instant wall, Instant simulated, String node, String step, String what, String detail) {
    }

    List<SimulatorEvent> simulatorEvents() throws IOException {
        return Files.readAllLines(clusterDir.resolve("events")).stream().map(line -> {
            String[] fields = line.split(" ", 6);
            return new SimulatorEvent(Instant.parse(fields[0]), Instant.parse(fields[1]), fields[2], fields[3],
                    fields.length > 4 ? fields[4] : "", line);
        }).toList();
    }

    /** A pod as the simulated cluster keeps it (what kubectl drain looks at); {@code owner}: its controller's kind. */
    record SimulatedPod(String namespace, String name, String owner, boolean mirror, boolean emptyDir, String phase) {
        static SimulatedPod running(String namespace, String name, String owner) {
            return new SimulatedPod(namespace, name, owner, false, false, "Running");
        }
    }

    /** Puts {@code pods} on {@code node} in the simulated cluster, instead of the kube-proxy a node has by default. */
    void putPods(String node, SimulatedPod... pods) throws IOException {
        Path file = Files.createDirectories(clusterDir.resolve("pods")).resolve(node + ".json");
        Files.writeString(file, Documents.json().writeValueAsString(List.of(pods)));
    }

    /** The names of the pods the simulated cluster has on {@code node} (after {@link #putPods}). */
    List<String> podNames(String node) throws IOException {
        return List.of(Documents.json().readValue(clusterDir.resolve("pods/" + node + ".json").toFile(),
                SimulatedPod[].class)).stream().map(SimulatedPod::name).toList();
    }

    @Override
    public void close() {
        agents.values().forEach(AgentProcess::close);
        nodes.values().forEach(OrchestratedCluster::stopSimulatorDaemon);
        nodes.values().forEach(node -> HaproxySimulator.stopOn(node.root()));
        if (haproxy != null) {
            haproxy.destroyForcibly();
        }
        controller.close();
    }

    /**
     * haproxy with node1's compiled configuration, bound to the virtual IP instead of every address; with node
     * haproxies, its servers are those (each control plane's address, the endpoint port) instead of the apiservers.
     */
    private void startHaproxyWhenNode1HasItsConfiguration() throws Exception {
        Path compiled = nodes.get("node1.internal").file("/etc/haproxy/haproxy.cfg");
        await("node1's agent writes /etc/haproxy/haproxy.cfg").atMost(Duration.ofMinutes(2))
                .until(() -> Files.exists(compiled));
        // Without syslog and without the node's stats socket (this machine's /var/lib/haproxy is not the test's).
        String config = Files.readString(compiled).lines().filter(line -> !line.strip().startsWith("log /dev/log")
                        && !line.strip().startsWith("stats socket "))
                .map(line -> line.replace("bind *:" + ENDPOINT_PORT, "bind " + VIP + ":" + ENDPOINT_PORT))
                .map(line -> nodeHaproxies == null ? line
                        : line.replaceFirst("^(\\s*server \\S+ [0-9.]+):\\d+ ", "$1:" + ENDPOINT_PORT + " "))
                .collect(Collectors.joining("\n", "", "\n"));
        assertThat(config).contains("bind " + VIP + ":" + ENDPOINT_PORT);
        if (nodeHaproxies != null) {
            assertThat(config).contains(" " + loopbackOf("node1.internal") + ":" + ENDPOINT_PORT + " check");
        }
        Path file = work.resolve("haproxy.cfg");
        Files.writeString(file, config);
        ExternalCommand.Result check = ExternalCommand.run(List.of("haproxy", "-c", "-f", file.toString()));
        assertThat(check.exitCode()).as(check.describe()).isZero();
        haproxy = new ProcessBuilder("haproxy", "-db", "-f", file.toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("haproxy.log").toFile()).start();
    }

    /** One line of {@code etcdctl member list}: the member's id, whether it started, its name and its peer URL. */
    record EtcdMemberLine(String id, boolean started, String name, String peerUrl) {
    }

    /**
     * {@code etcdctl member list} as an operator runs it on {@code through}, a control plane: its healthcheck-client
     * certificate, the etcd CA, its own client URL, over TLS.
     */
    List<EtcdMemberLine> etcdMembers(String through) throws IOException, InterruptedException {
        SandboxNode node = nodes.get(through);
        ExternalCommand.Result list = ExternalCommand.run(List.of(ExternalCommand.require("etcdctl"),
                        "--cacert=" + node.file("/etc/kubernetes/pki/etcd/ca.crt"),
                        "--cert=" + node.file("/etc/kubernetes/pki/etcd/healthcheck-client.crt"),
                        "--key=" + node.file("/etc/kubernetes/pki/etcd/healthcheck-client.key"),
                        "--endpoints=https://" + loopbackOf(through) + ":2379", "--dial-timeout=5s", "member", "list"),
                Duration.ofSeconds(30), Map.of("ETCDCTL_API", "3"));
        assertThat(list.exitCode()).as("etcdctl member list through " + through + ": " + list.describe()).isZero();
        List<EtcdMemberLine> members = new ArrayList<>();
        for (String line : list.stdout().lines().filter(line -> !line.isBlank()).toList()) {
            String[] fields = line.split(",\\s*");
            members.add(new EtcdMemberLine(fields[0], fields[1].equals("started"), fields[2], fields[3]));
        }
        return members;
    }

    /** The node daemon and, when the simulator ran real etcd (KUBEADM_SIMULATOR_ETCD=real), the node's etcd. */
    private static void stopSimulatorDaemon(SandboxNode node) {
        for (String pidFile : List.of("/var/lib/kubeadm-simulator/daemon.pid", "/var/lib/kubeadm-simulator/etcd.pid")) {
            Path file = node.file(pidFile);
            try {
                if (Files.exists(file)) {
                    long pid = Long.parseLong(Files.readString(file).strip());
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                }
            } catch (IOException | NumberFormatException e) {
                throw new AssertionError("cannot stop " + pidFile + " of " + node.name() + ": " + e, e);
            }
        }
    }
}
