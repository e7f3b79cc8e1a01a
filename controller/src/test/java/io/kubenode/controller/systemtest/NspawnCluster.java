package io.kubenode.controller.systemtest;

import io.kubenode.agent.host.TestCa;
import io.kubenode.agent.host.TestHttpsServer;
import io.kubenode.controller.e2e.AdminCurl;
import io.kubenode.controller.e2e.ControllerFixture;
import io.kubenode.controller.e2e.Kubenodectl;
import io.kubenode.controller.packaging.BuiltPackages;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The seed's cluster on five systemd hosts (systemd-nspawn containers on a test bridge): node1..3 control planes,
 * node4..5 workers, each managed by kubenode as a user's host is: firewalld running, the agent .deb installed,
 * enrolled with a token and started by the host's systemd. The controller runs on this host, listening on the
 * bridge's host address; kubenodectl applies test resource systemtest/nspawn-cluster.yaml, whose downloads come
 * from an HTTPS server beside it (ClusterDownloads, with Debian's real keepalived and haproxy in its signed
 * repository). The virtual IP is an address of the bridge's subnet no container has. Open it once per test class.
 */
public final class NspawnCluster implements AutoCloseable {
    public static final List<String> CONTROL_PLANES = List.of("node1.internal", "node2.internal", "node3.internal");
    public static final List<String> WORKERS = List.of("node4.internal", "node5.internal");
    /** The agents' pass interval (agent.yaml's intervalSeconds): drift is corrected within about this. */
    public static final int AGENT_INTERVAL_SECONDS = 5;
    private static final String KUBERNETES_VERSION = "1.32.2";

    private final Path work;
    private final SetUpTimings timings = new SetUpTimings();
    private final Map<String, NspawnHost> nodes = new LinkedHashMap<>();
    private NspawnHosts hosts;
    private TestHttpsServer server;
    private ControllerFixture controller;
    private ClusterTemplate document;
    private String vip;
    private SimulatorStandIns standIns;

    private NspawnCluster(Path work) {
        this.work = work;
    }

    /** Boots the hosts, starts the controller and the download server, applies the document, starts the agents. */
    public static NspawnCluster start() throws Exception {
        NspawnCluster cluster = new NspawnCluster(Files.createTempDirectory("kubenode-nspawn-cluster"));
        try {
            cluster.setUp();
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    private void setUp() throws Exception {
        hosts = NspawnHosts.open();
        vip = hosts.allocateVirtualAddress();
        List<String> names = new ArrayList<>(CONTROL_PLANES);
        names.addAll(WORKERS);
        ExecutorService pool = Executors.newFixedThreadPool(names.size());
        try {
            // The containers boot while this host builds the repository and starts the servers.
            standIns = SimulatorStandIns.create(work);
            Future<List<NspawnHost>> booted = pool.submit(() -> hosts.bootAll(names, standIns.nspawnOptions()));
            List<Path> firewalld = DebianPackages.forImage(hosts, List.of("firewalld"));
            ClusterDownloads downloads = ClusterDownloads.build(work.resolve("apt"),
                    hosts.imageFile().getParent().resolve("artifacts"), KUBERNETES_VERSION,
                    DebianPackages.forImage(hosts, List.of("keepalived", "haproxy")),
                    standIns.writePrograms(work.resolve("stand-in-bin"), KUBERNETES_VERSION));
            TestCa mirrorCa = TestCa.create("kubenode nspawn cluster mirror CA");
            server = TestHttpsServer.startOn(InetAddress.getByName(hosts.hostAddress()),
                    mirrorCa.serverContext(List.of(hosts.hostAddress())));
            server.route("/", TestHttpsServer.files(downloads.served()));
            controller = ControllerFixture.initAndServeOn(work.resolve("controller"), hosts.hostAddress());
            timings.lap("repository, download server and controller (while booting)");
            for (NspawnHost host : Parallel.result(booted)) {
                nodes.put(host.hostname(), host);
            }
            timings.lap("5 containers booted");
            document = ClusterTemplate.fromResource("/systemtest/nspawn-cluster.yaml", documentValues(downloads));
            Path ca = work.resolve("mirror-ca.crt");
            Files.write(ca, mirrorCa.certificatePem());
            Path agentDeb = BuiltPackages.deb("kubenode-agent");
            Parallel.onEach(pool, nodes.values(), host -> {
                standIns.writeKernelFacts(host, work);
                if (CONTROL_PLANES.contains(host.hostname())) {
                    // the simulator runs Debian's real etcd for each control plane's static pod
                    host.copyIn(Path.of("/usr/bin/etcd"), "/usr/local/bin/etcd");
                    host.copyIn(Path.of("/usr/bin/etcdctl"), "/usr/local/bin/etcdctl");
                }
                ManagedHost.prepare(host, firewalld, agentDeb, ca, AGENT_INTERVAL_SECONDS);
            });
            timings.lap("firewalld running, agent .deb installed (5 hosts in parallel)");
            Path file = work.resolve("cluster.yaml");
            Files.writeString(file, document.text());
            System.out.println(kubenodectl().apply(file));
            Map<String, String> tokens = new HashMap<>();
            for (String node : nodes.keySet()) {
                tokens.put(node, kubenodectl().createToken(node));
            }
            Parallel.onEach(pool, nodes.values(), host -> ManagedHost.enrollAndStart(host, controller.url(),
                    controller.pin(), tokens.get(host.hostname())));
            timings.lap("document applied, agents enrolled and started by systemd");
        } finally {
            pool.shutdownNow();
        }
    }

    private Map<String, String> documentValues(ClusterDownloads downloads) {
        Map<String, String> values = new HashMap<>(downloads.documentValues());
        values.put("SERVER", hosts.hostAddress() + ":" + server.port());
        values.put("VIP", vip);
        int index = 1;
        for (NspawnHost host : nodes.values()) {
            values.put("NODE" + index, host.hostname());
            values.put("NODE" + index + "_ADDRESS", host.address());
            index++;
        }
        return values;
    }

    /** The download server's base URL, https://BRIDGE_HOST_ADDRESS:PORT: the apt repository is below /repo/. */
    public String mirror() {
        return "https://" + hosts.hostAddress() + ":" + server.port();
    }

    /** kill -9 the controller, then serve again on the same data dir and port (returns once it serves). */
    public void killAndRestartController() throws Exception {
        controller.killAndRestart();
    }

    /** The cluster's scratch directory on this host (deleted with it). */
    public Path work() {
        return work;
    }

    /** The controller's base URL as the containers reach it (this host's address on the bridge). */
    public String controllerUrl() {
        return controller.url();
    }

    public NspawnHost node(String name) {
        NspawnHost host = nodes.get(name);
        if (host == null) {
            throw new IllegalArgumentException("no node " + name + " in the cluster");
        }
        return host;
    }

    public List<NspawnHost> controlPlanes() {
        return CONTROL_PLANES.stream().map(this::node).toList();
    }

    public List<NspawnHost> workers() {
        return WORKERS.stream().map(this::node).toList();
    }

    /** The keepalived virtual IP of the document (controlPlaneEndpoint.address). */
    public String vip() {
        return vip;
    }

    /** The document as applied; {@link ClusterTemplate#compile} gives a node's host-preparation catalog. */
    public ClusterTemplate document() {
        return document;
    }

    public Kubenodectl kubenodectl() {
        return controller.kubenodectl();
    }

    public AdminCurl admin() {
        return new AdminCurl(controller);
    }

    public SetUpTimings timings() {
        return timings;
    }

    /** Stops the download server and the controller (by its process), then every container, mount and the bridge. */
    @Override
    public void close() throws Exception {
        Cleanup cleanup = new Cleanup();
        if (server != null) {
            cleanup.run(server::close);
        }
        if (controller != null) {
            cleanup.run(controller::close);
        }
        cleanup.run(() -> NspawnHosts.closeAndDelete(hosts, work));
        cleanup.throwFirst();
    }
}
