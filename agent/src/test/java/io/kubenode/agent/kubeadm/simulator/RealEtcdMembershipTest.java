package io.kubenode.agent.kubeadm.simulator;

import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.RealCommands;
import io.kubenode.common.pki.CertificateAuthority;
import io.kubenode.common.pki.KeyPairs;
import io.kubenode.common.pki.Pem;
import io.kubenode.common.pki.SubjectName;
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
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The simulator with {@code KUBEADM_SIMULATOR_ETCD=real}: three control planes on their own loopback addresses
 * (127.0.1.200-250, apart from the other suites' nodes), each running Debian's real etcd. The test checks the
 * membership with its own etcdctl and client certificate over TLS, as an independent client. The methods run in
 * order: each step builds on the cluster the previous ones made.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealEtcdMembershipTest {
    private static final String CONFIG = "/etc/kubenode/kubeadm/config.yaml";
    private static final String DISCOVERY = "/etc/kubenode/kubeadm/discovery.conf";
    private static final String ENDPOINT_NAME = "k8s-cp.etcd.test";
    private static final String TOKEN = "abcdef.0123456789abcdef";
    private static final Map<String, String> REAL_ETCD = Map.of(SimulatorEnv.ETCD, "real");

    private Path base;
    private final List<SimulatedNode> nodes = new ArrayList<>();
    /** Every etcd the test saw running: none may outlive it. */
    private final List<ProcessHandle> etcds = new ArrayList<>();
    private SimulatedNode a;
    private SimulatedNode b;
    private SimulatedNode c;
    private String aAddress;
    private int port;
    private CertificateAuthority ca;
    private Map<String, String> sharedPki;
    private List<String> etcdctl;

    @BeforeAll
    void cluster(@TempDir Path temporary) throws IOException {
        // the real programs or a failure, never a skip (deploy/test.sh installs them)
        RealCommands.runChecked("etcd", "--version");
        RealCommands.runChecked("etcdctl", "version");
        base = temporary;
        int first = 200 + new Random().nextInt(48);
        aAddress = "127.0.1." + first;
        port = freePortOn(List.of(aAddress, "127.0.1." + (first + 1), "127.0.1." + (first + 2)));
        Path cluster = base.resolve("cluster");
        SimulatorExecutables.Paths executables = SimulatorExecutables.writeTo(base.resolve("bin"));
        a = node("a", aAddress, cluster, executables);
        b = node("b", "127.0.1." + (first + 1), cluster, executables);
        c = node("c", "127.0.1." + (first + 2), cluster, executables);
        ca = CertificateAuthority.createKubeadmStyle("kubernetes", KeyPairs.rsa2048());
        CertificateAuthority frontProxy = CertificateAuthority.createKubeadmStyle("front-proxy-ca", KeyPairs.rsa2048());
        CertificateAuthority etcd = CertificateAuthority.createKubeadmStyle("etcd-ca", KeyPairs.rsa2048());
        KeyPair serviceAccount = KeyPairs.rsa2048();
        sharedPki = Map.of("ca.crt", Pem.write(ca.certificate()), "ca.key", Pem.writeRsaPkcs1(ca.privateKey()),
                "front-proxy-ca.crt", Pem.write(frontProxy.certificate()),
                "front-proxy-ca.key", Pem.writeRsaPkcs1(frontProxy.privateKey()),
                "etcd/ca.crt", Pem.write(etcd.certificate()), "etcd/ca.key", Pem.writeRsaPkcs1(etcd.privateKey()),
                "sa.key", Pem.writeRsaPkcs1(serviceAccount.getPrivate()),
                "sa.pub", Pem.write(serviceAccount.getPublic()));
        etcdctl = independentEtcdctl(etcd);
        for (SimulatedNode node : nodes) {
            writeSharedPki(node);
            node.write("/etc/hosts", "127.0.0.1 localhost\n" + aAddress + " " + ENDPOINT_NAME + "\n");
        }
        a.write(CONFIG, """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                bootstrapTokens:
                - token: %s
                  ttl: 900s
                localAPIEndpoint:
                  advertiseAddress: %s
                  bindPort: %d
                nodeRegistration:
                  name: a.sim
                  criSocket: unix:///run/containerd/containerd.sock
                ---
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: ClusterConfiguration
                clusterName: sim
                kubernetesVersion: v1.32.2
                controlPlaneEndpoint: %s:%d
                """.formatted(TOKEN, aAddress, port, ENDPOINT_NAME, port));
        for (SimulatedNode joining : List.of(b, c)) {
            joining.write(CONFIG, controlPlaneJoin(joining == b ? "b.sim" : "c.sim", address(joining)));
            joining.write(DISCOVERY, Kubeconfig.render("sim", "https://" + ENDPOINT_NAME + ":" + port,
                    ca.certificate(), "tls-bootstrap-token-user", null, TOKEN));
        }
    }

    @AfterAll
    void stopNodes() {
        nodes.forEach(SimulatedNode::killDaemon);
    }

    @Test
    @Order(1)
    void initStartsTheFirstMemberFromTheManifestsFlags() throws Exception {
        SimulatedNode.Result init = a.kubeadm("init", "--config", CONFIG);

        assertThat(init.exitCode()).as(init.output()).isZero();
        assertThat(startedMembers(aAddress)).containsExactly("a.sim");
        etcds.add(a.etcd().orElseThrow());
        String manifest = Files.readString(a.path("/etc/kubernetes/manifests/etcd.yaml"));
        assertThat(manifest).contains("    - --name=a.sim\n", "    - --initial-cluster-state=new\n",
                "    - --listen-client-urls=https://" + aAddress + ":2379\n", "    - --client-cert-auth=true\n",
                "    - --peer-client-cert-auth=true\n", "    - --data-dir=/var/lib/etcd\n");
        assertThat(a.etcd().orElseThrow().info().command()).as("the pid file names etcd itself, not setsid")
                .hasValueSatisfying(command -> assertThat(command).endsWith("/etcd"));
        assertThat(a.etcd().orElseThrow().info().arguments().orElseThrow())
                .contains("--data-dir=" + a.path("/var/lib/etcd"), "--initial-cluster-state=new");
    }

    @Test
    @Order(2)
    void controlPlaneJoinsAddHealthyMembersThroughTheCluster() throws Exception {
        for (SimulatedNode joining : List.of(b, c)) {
            SimulatedNode.Result join = joining.kubeadm("join", "--config", CONFIG);

            assertThat(join.exitCode()).as(join.output()).isZero();
            etcds.add(joining.etcd().orElseThrow());
        }

        assertThat(startedMembers(aAddress)).containsExactlyInAnyOrder("a.sim", "b.sim", "c.sim");
        for (SimulatedNode node : nodes) {
            CommandResult health = etcdctl(address(node), "endpoint", "health");
            assertThat(health.exitCode()).as(health.stdout() + health.stderr()).isZero();
        }
        assertThat(Files.readString(c.path("/etc/kubernetes/manifests/etcd.yaml")))
                .contains("    - --initial-cluster-state=existing\n").contains("a.sim=https://" + aAddress + ":2380");
    }

    @Test
    @Order(3)
    void resetRemovesTheMemberStopsEtcdAndDeletesItsData() throws Exception {
        ProcessHandle etcd = c.etcd().orElseThrow();

        SimulatedNode.Result reset = c.kubeadm("reset", "--force");

        assertThat(reset.exitCode()).as(reset.output()).isZero();
        assertThat(reset.stdout()).contains("[reset] Removed the etcd member");
        assertThat(startedMembers(aAddress)).containsExactlyInAnyOrder("a.sim", "b.sim");
        assertThat(etcd.isAlive()).isFalse();
        assertThat(c.path(EtcdMember.PID_FILE)).doesNotExist();
        assertThat(c.path("/var/lib/etcd")).isEmptyDirectory();
    }

    @Test
    @Order(4)
    void aResetNodeJoinsAgainWithoutAStaleMember() throws Exception {
        writeSharedPki(c);

        SimulatedNode.Result join = c.kubeadm("join", "--config", CONFIG);

        assertThat(join.exitCode()).as(join.output()).isZero();
        etcds.add(c.etcd().orElseThrow());
        assertThat(startedMembers(address(b))).containsExactlyInAnyOrder("a.sim", "b.sim", "c.sim");
        assertThat(memberLines(aAddress)).hasSize(3);
    }

    @Test
    @Order(5)
    void resetSucceedsWhenTheNodesEtcdWasKilled() throws Exception {
        ProcessHandle etcd = c.etcd().orElseThrow();
        etcd.destroyForcibly(); // SIGKILL, as kill -9
        etcd.onExit().get();

        SimulatedNode.Result reset = c.kubeadm("reset", "--force");

        assertThat(reset.exitCode()).as(reset.output()).isZero();
        assertThat(reset.stdout()).as("removed through another member").contains("[reset] Removed the etcd member");
        assertThat(startedMembers(aAddress)).containsExactlyInAnyOrder("a.sim", "b.sim");
        assertThat(c.path("/var/lib/etcd")).isEmptyDirectory();
    }

    @Test
    @Order(6)
    void aJoinInterruptedAfterMemberAddIsCompletedWithTheSameMember() throws Exception {
        // what a join killed between member add and etcd's start leaves: an unstarted member with C's peer URL
        String peerUrl = "--peer-urls=https://" + address(c) + ":2380";
        await("member add through A").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> etcdctl(aAddress, "member", "add", "c.sim", peerUrl).exitCode() == 0);
        assertThat(memberLines(aAddress)).hasSize(3).anyMatch(line -> line.contains(", unstarted, "));
        writeSharedPki(c);

        SimulatedNode.Result join = c.kubeadm("join", "--config", CONFIG);

        assertThat(join.exitCode()).as(join.output()).isZero();
        assertThat(join.stdout()).contains("[etcd] Using the existing etcd member");
        etcds.add(c.etcd().orElseThrow());
        assertThat(startedMembers(aAddress)).containsExactlyInAnyOrder("a.sim", "b.sim", "c.sim");
        assertThat(memberLines(aAddress)).hasSize(3);
    }

    /**
     * The day-2 removal: a remaining control plane removed C's member first (the agent's etcdMember resource; here
     * etcdctl), then C is reset. Reset warns that the member is gone, stops C's etcd if it still runs and empties its
     * data; then B and A are reset.
     */
    @Test
    @Order(7)
    void resetAfterTheMemberWasRemovedElsewhereSucceedsAndResettingEveryControlPlaneLeavesNoEtcdRunning()
            throws Exception {
        String id = memberLines(aAddress).stream().filter(line -> line.contains(", c.sim, ")).findFirst()
                .orElseThrow().split(", ")[0];
        // etcd refuses a removal ("unhealthy cluster") until C, just joined, has been connected for a few seconds
        await("member remove through A").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> etcdctl(aAddress, "member", "remove", id).exitCode() == 0);

        SimulatedNode.Result resetC = c.kubeadm("reset", "--force");

        assertThat(resetC.exitCode()).as(resetC.output()).isZero();
        assertThat(resetC.stdout()).contains("[reset] WARNING: no etcd member named c.sim or with the peer URL https://"
                + address(c) + ":2380 in the cluster: it was already removed");
        assertThat(startedMembers(aAddress)).containsExactlyInAnyOrder("a.sim", "b.sim");
        assertThat(memberLines(aAddress)).hasSize(2);
        assertThat(c.etcd()).isEmpty();
        assertThat(c.path("/var/lib/etcd")).isEmptyDirectory();
        SimulatedNode.Result resetB = b.kubeadm("reset", "--force");
        assertThat(resetB.exitCode()).as(resetB.output()).isZero();
        assertThat(startedMembers(aAddress)).containsExactly("a.sim");

        SimulatedNode.Result resetA = a.kubeadm("reset", "--force");

        assertThat(resetA.exitCode()).as(resetA.output()).isZero();
        assertThat(resetA.stdout()).contains("the cluster's only one: not removed").contains("[reset] Stopped etcd");
        assertThat(etcds).hasSize(5).noneMatch(ProcessHandle::isAlive);
    }

    /** The names of the started members, as {@code etcdctl member list} prints them through this address. */
    private List<String> startedMembers(String address) {
        return memberLines(address).stream().map(line -> line.split(", ")).filter(fields -> fields[1]
                .equals("started")).map(fields -> fields[2]).toList();
    }

    /** {@code ID, started|unstarted, NAME, PEER URLS, CLIENT URLS, IS LEARNER} per member. */
    private List<String> memberLines(String address) {
        CommandResult list = etcdctl(address, "member", "list");
        assertThat(list.exitCode()).as(list.stderr()).isZero();
        return list.stdout().lines().filter(line -> !line.isBlank()).toList();
    }

    private CommandResult etcdctl(String address, String... command) {
        List<String> argv = new ArrayList<>(etcdctl);
        argv.add("--endpoints=https://" + address + ":2379");
        argv.addAll(List.of(command));
        return RealCommands.run(argv.toArray(String[]::new));
    }

    /** etcdctl (v3 API, 3.4's default) with a client certificate this test issues from the etcd CA. */
    private List<String> independentEtcdctl(CertificateAuthority etcd) throws IOException {
        KeyPair pair = KeyPairs.ecP256();
        Path directory = Files.createDirectories(base.resolve("etcdctl"));
        Files.writeString(directory.resolve("ca.crt"), Pem.write(etcd.certificate()));
        Files.writeString(directory.resolve("client.crt"), Pem.write(etcd.issueClient(pair.getPublic(),
                new SubjectName("etcd-membership-test", "system:masters"), Duration.ofDays(1))));
        Files.writeString(directory.resolve("client.key"), Pem.write(pair.getPrivate()));
        return List.of("etcdctl", "--cacert=" + directory.resolve("ca.crt"),
                "--cert=" + directory.resolve("client.crt"),
                "--key=" + directory.resolve("client.key"), "--dial-timeout=3s", "--command-timeout=10s");
    }

    private void writeSharedPki(SimulatedNode node) throws IOException {
        for (Map.Entry<String, String> file : sharedPki.entrySet()) {
            node.write(NodePki.PKI + "/" + file.getKey(), file.getValue());
        }
    }

    private SimulatedNode node(String name, String address, Path cluster, SimulatorExecutables.Paths executables)
            throws IOException {
        SimulatedNode node = new SimulatedNode(base.resolve(name), address, cluster, executables, REAL_ETCD);
        nodes.add(node);
        return node;
    }

    private String address(SimulatedNode node) {
        return "127.0.1." + (Integer.parseInt(aAddress.substring("127.0.1.".length())) + nodes.indexOf(node));
    }

    private String controlPlaneJoin(String name, String address) {
        return """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: JoinConfiguration
                nodeRegistration:
                  name: %s
                  criSocket: unix:///run/containerd/containerd.sock
                discovery:
                  file:
                    kubeConfigPath: %s
                timeouts:
                  discovery: 5s
                controlPlane:
                  localAPIEndpoint:
                    advertiseAddress: %s
                    bindPort: %d
                """.formatted(name, DISCOVERY, address, port);
    }

    private static int freePortOn(List<String> addresses) throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket first = new ServerSocket()) {
                first.bind(new InetSocketAddress(InetAddress.getByName(addresses.get(0)), 0));
                if (addresses.subList(1, addresses.size()).stream().allMatch(address ->
                        RealEtcdCluster.bindable(address, first.getLocalPort()))) {
                    return first.getLocalPort();
                }
            }
        }
        throw new IOException("no port free on all of " + addresses);
    }
}
