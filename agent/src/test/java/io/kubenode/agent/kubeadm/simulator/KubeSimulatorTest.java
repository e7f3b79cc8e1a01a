package io.kubenode.agent.kubeadm.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.ResourceReport;
import io.kubenode.agent.host.sandbox.SandboxHost;
import io.kubenode.agent.host.sandbox.SandboxSimulators;
import io.kubenode.agent.host.sandbox.Simulations;
import io.kubenode.common.catalog.ClusterNodeSpec;
import io.kubenode.common.catalog.DrainSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.cluster.OsFamily;
import io.kubenode.common.pki.CertificateAuthority;
import io.kubenode.common.pki.KeyPairs;
import io.kubenode.common.pki.Pem;
import io.kubenode.common.pki.SubjectName;
import org.junit.jupiter.api.AfterAll;
import org.awaitility.Awaitility;
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
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The simulator as the agent meets it: real processes (the kubeadm/kubectl scripts), three sandbox roots on their own
 * loopback addresses sharing one cluster directory, a CA made here, the daemons answering over real TLS (checked with
 * curl as an independent client). The methods run in order: each step builds on the cluster the previous ones made.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubeSimulatorTest {
    private static final String CONFIG = "/etc/kubenode/kubeadm/config.yaml";
    private static final String DISCOVERY = "/etc/kubenode/kubeadm/discovery.conf";
    private static final String ADMIN = "/etc/kubernetes/admin.conf";
    private static final String ENDPOINT_NAME = "k8s-cp.sim.test";
    private static final String INIT_TOKEN = "abcdef.0123456789abcdef";
    private static final String SECOND_TOKEN = "ghijkl.0123456789abcdef";

    private Path base;

    private final List<SimulatedNode> nodes = new ArrayList<>();
    private SimulatedNode cp1;
    private SimulatedNode cp2;
    private SimulatedNode worker;
    private String cp1Address;
    private String cp2Address;
    private String workerAddress;
    private int port;
    private CertificateAuthority ca;
    private IndependentClients clients;

    @BeforeAll
    void cluster(@TempDir Path temporary) throws IOException {
        base = temporary;
        int first = 100 + new Random().nextInt(140);
        cp1Address = "127.0.1." + first;
        cp2Address = "127.0.1." + (first + 1);
        workerAddress = "127.0.1." + (first + 2);
        port = freePortOnBoth(cp1Address, cp2Address);
        Path cluster = base.resolve("cluster");
        SimulatorExecutables.Paths executables = SimulatorExecutables.writeTo(base.resolve("bin"));
        cp1 = node("cp1", cp1Address, cluster, executables);
        cp2 = node("cp2", cp2Address, cluster, executables);
        worker = node("worker", workerAddress, cluster, executables);
        ca = CertificateAuthority.createKubeadmStyle("kubernetes", KeyPairs.rsa2048());
        CertificateAuthority frontProxy = CertificateAuthority.createKubeadmStyle("front-proxy-ca", KeyPairs.rsa2048());
        CertificateAuthority etcd = CertificateAuthority.createKubeadmStyle("etcd-ca", KeyPairs.rsa2048());
        KeyPair serviceAccount = KeyPairs.rsa2048();
        clients = new IndependentClients(base, ca, cp1Address, ENDPOINT_NAME, port);
        for (SimulatedNode controlPlane : List.of(cp1, cp2)) {
            controlPlane.write("/etc/kubernetes/pki/ca.crt", Pem.write(ca.certificate()));
            controlPlane.write("/etc/kubernetes/pki/ca.key", Pem.writeRsaPkcs1(ca.privateKey()));
            controlPlane.write("/etc/kubernetes/pki/front-proxy-ca.crt", Pem.write(frontProxy.certificate()));
            controlPlane.write("/etc/kubernetes/pki/front-proxy-ca.key", Pem.writeRsaPkcs1(frontProxy.privateKey()));
            controlPlane.write("/etc/kubernetes/pki/etcd/ca.crt", Pem.write(etcd.certificate()));
            controlPlane.write("/etc/kubernetes/pki/etcd/ca.key", Pem.writeRsaPkcs1(etcd.privateKey()));
            controlPlane.write("/etc/kubernetes/pki/sa.key", Pem.writeRsaPkcs1(serviceAccount.getPrivate()));
            controlPlane.write("/etc/kubernetes/pki/sa.pub", Pem.write(serviceAccount.getPublic()));
        }
        for (SimulatedNode node : nodes) {
            node.write("/etc/hosts", "127.0.0.1 localhost\n" + cp1Address + " " + ENDPOINT_NAME + " # the endpoint\n");
        }
        cp1.write(CONFIG, """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                bootstrapTokens:
                - token: %s
                  ttl: 900s
                  usages: [signing, authentication]
                  groups: [system:bootstrappers:kubeadm:default-node-token]
                localAPIEndpoint:
                  advertiseAddress: %s
                  bindPort: %d
                nodeRegistration:
                  name: node1.sim
                  criSocket: unix:///run/containerd/containerd.sock
                ---
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: ClusterConfiguration
                clusterName: sim
                kubernetesVersion: v1.32.2
                controlPlaneEndpoint: %s:%d
                apiServer:
                  certSANs: [%s]
                ---
                apiVersion: kubelet.config.k8s.io/v1beta1
                kind: KubeletConfiguration
                cgroupDriver: systemd
                """.formatted(INIT_TOKEN, cp1Address, port, ENDPOINT_NAME, port, ENDPOINT_NAME));
        cp2.write(CONFIG, join("node2.sim", cp2Address, "controlPlane:\n  localAPIEndpoint:\n    advertiseAddress: " + cp2Address
                + "\n    bindPort: " + port + "\n"));
        worker.write(CONFIG, join("node3.sim", workerAddress, ""));
        cp2.write(DISCOVERY, discovery(INIT_TOKEN));
        worker.write(DISCOVERY, discovery(SECOND_TOKEN));
    }

    @AfterAll
    void killDaemons() {
        nodes.forEach(SimulatedNode::killDaemon);
    }

    @Test
    @Order(1)
    void preflightReportsEachFailedCheckByKubeadmNameAndHonoursIgnore() throws Exception {
        cp1.write("/proc/swaps", "Filename Type Size Used Priority\n/swapfile file 1048572 0 -2\n");
        cp1.write("/proc/sys/net/ipv4/ip_forward", "0\n");
        cp1.write("/etc/kubernetes/manifests/leftover.yaml", "x");
        Path unit = cp1.path("/var/lib/kubenode-sandbox/systemd/containerd.service");
        Files.writeString(unit, "UnitFileState=enabled\nActiveState=inactive\n");
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName(cp1Address), port));

            SimulatedNode.Result all = cp1.kubeadm("init", "--config", CONFIG);

            assertThat(all.exitCode()).isEqualTo(1);
            assertThat(all.stderr()).contains("error execution phase preflight: [preflight] Some fatal errors "
                    + "occurred:\n")
                    .contains("\t[ERROR Port-" + port + "]: Port " + port + " is in use\n")
                    .contains("\t[ERROR Swap]: running with swap on is not supported. Please disable swap\n")
                    .contains("\t[ERROR FileContent--proc-sys-net-ipv4-ip_forward]: /proc/sys/net/ipv4/ip_forward "
                            + "contents are not set to 1\n")
                    .contains("\t[ERROR CRI]: container runtime is not running")
                    .contains("\t[ERROR DirAvailable--etc-kubernetes-manifests]: /etc/kubernetes/manifests is not "
                            + "empty\n")
                    .contains("[preflight] If you know what you are doing, you can make a check non-fatal with "
                            + "`--ignore-preflight-errors=...`");

            SimulatedNode.Result ignored = cp1.kubeadm("init", "--config", CONFIG, "--ignore-preflight-errors=Swap,"
                    + "FileContent--proc-sys-net-ipv4-ip_forward,cri,DirAvailable--etc-kubernetes-manifests");

            assertThat(ignored.exitCode()).isEqualTo(1);
            assertThat(ignored.stdout()).contains("\t[WARNING Swap]: running with swap on is not supported");
            assertThat(ignored.stderr()).contains("[ERROR Port-" + port + "]").doesNotContain("[ERROR Swap]")
                    .doesNotContain("[ERROR CRI]").doesNotContain("[ERROR DirAvailable");
        }
        assertThat(cp1.path(ADMIN)).doesNotExist();
        cp1.write("/proc/swaps", "Filename Type Size Used Priority\n");
        cp1.write("/proc/sys/net/ipv4/ip_forward", "1\n");
        Files.delete(cp1.path("/etc/kubernetes/manifests/leftover.yaml"));
        Files.writeString(unit, "UnitFileState=enabled\nActiveState=active\n");
    }

    @Test
    @Order(2)
    void initUsesTheGivenCaWritesKubeadmsFilesAndServesTheApiOverTls() throws Exception {
        SimulatedNode.Result init = cp1.kubeadm("init", "--config", CONFIG);

        assertThat(init.exitCode()).as(init.output()).isZero();
        assertThat(init.stdout()).contains("Your Kubernetes control-plane has initialized successfully!")
                .contains("[bootstrap-token] Using token: " + INIT_TOKEN + "\n")
                .contains("kubeadm join " + ENDPOINT_NAME + ":" + port + " --token " + INIT_TOKEN);
        assertThat(Files.readString(cp1.path("/etc/kubernetes/pki/ca.crt"))).isEqualTo(Pem.write(ca.certificate()));
        for (String file : List.of(ADMIN, "/etc/kubernetes/super-admin.conf", "/etc/kubernetes/kubelet.conf",
                "/etc/kubernetes/controller-manager.conf", "/etc/kubernetes/scheduler.conf",
                "/etc/kubernetes/manifests/kube-apiserver.yaml", "/etc/kubernetes/manifests/etcd.yaml",
                "/etc/kubernetes/manifests/kube-controller-manager.yaml",
                "/etc/kubernetes/manifests/kube-scheduler.yaml")) {
            assertThat(cp1.path(file)).as(file).isRegularFile();
        }
        X509Certificate serving = Pem.readCertificate(Files.readString(cp1.path("/etc/kubernetes/pki/apiserver.crt")));
        serving.verify(ca.certificate().getPublicKey());
        assertThat(serving.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))))
                .contains("node1.sim", ENDPOINT_NAME, cp1Address, "kubernetes.default.svc.cluster.local");
        assertThat(cp1.daemon()).isPresent();

        assertThat(clients.curl(cp1Address, "/readyz")).isEqualTo("200 ok");
        assertThat(clients.curl(cp1Address, "/livez")).isEqualTo("200 ok");
        assertThat(clients.curl(cp1Address, "/api/v1/nodes")).startsWith("403 ");
        Path certificate = clients.clientCertificate("kubernetes-admin", "kubeadm:cluster-admins");
        assertThat(clients.curl(cp1Address, "/api/v1/nodes", "--cert", certificate.toString(), "--key",
                certificate.resolveSibling("client.key").toString())).startsWith("200 ").contains("\"node1.sim\"");
        assertThat(IndependentClients.kubeletHealth(cp1Address)).isEqualTo("ok");

        assertThat(clients.realKubectl("get", "--raw", "/readyz")).isEqualTo("ok");
        assertThat(clients.realKubectl("get", "nodes", "-o", "name")).isEqualTo("node/node1.sim");

        SimulatedNode.Result nodesJson = cp1.kubectl("--kubeconfig", ADMIN, "get", "nodes", "-o", "json");
        assertThat(nodesJson.exitCode()).as(nodesJson.output()).isZero();
        JsonNode item = ClusterStore.JSON.readTree(nodesJson.stdout()).path("items").get(0);
        assertThat(item.path("metadata").path("name").asText()).isEqualTo("node1.sim");
        assertThat(item.path("status").path("conditions").get(0).path("status").asText()).isEqualTo("True");
    }

    @Test
    @Order(3)
    void theApiserverAloneStopsWhileItsSwitchFileExistsAndTheKubeletKeepsAnswering() throws Exception {
        Path stopped = cp1.path(SimulatorEnv.STATE_DIR + "/" + NodeDaemon.API_SERVER_STOPPED);
        Files.writeString(stopped, "");
        try {
            Awaitility.await("apiserver stopped").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> !clients.curl(cp1Address, "/readyz").startsWith("200 "));
            assertThat(IndependentClients.kubeletHealth(cp1Address)).isEqualTo("ok");
            assertThat(cp1.daemon()).as("the same daemon").isPresent();
        } finally {
            Files.delete(stopped);
        }
        Awaitility.await("apiserver started again").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> clients.curl(cp1Address, "/readyz").equals("200 ok"));
    }

    @Test
    @Order(3)
    void tokenListPrintsTheInitTokenAsKubeadmDoes() throws Exception {
        SimulatedNode.Result list = cp1.kubeadm("token", "list", "-o", "json", "--kubeconfig", ADMIN);

        assertThat(list.exitCode()).as(list.output()).isZero();
        List<JsonNode> tokens = jsonObjects(list.stdout());
        assertThat(tokens).singleElement().satisfies(token -> {
            assertThat(token.path("kind").asText()).isEqualTo("BootstrapToken");
            assertThat(token.path("apiVersion").asText()).isEqualTo("output.kubeadm.k8s.io/v1alpha3");
            assertThat(token.path("token").asText()).isEqualTo(INIT_TOKEN);
            assertThat(Instant.parse(token.path("expires").asText()))
                    .isBetween(Instant.now().plusSeconds(800), Instant.now().plusSeconds(901));
            assertThat(token.path("groups").get(0).asText()).isEqualTo("system:bootstrappers:kubeadm:default-node-token");
        });
    }

    @Test
    @Order(4)
    void controlPlaneJoinIsRefusedWhenASharedKeyIsMissing() throws Exception {
        Path key = cp2.path("/etc/kubernetes/pki/sa.key");
        Path aside = base.resolve("sa.key.aside");
        Files.move(key, aside);
        try {
            SimulatedNode.Result join = cp2.kubeadm("join", "--config", CONFIG);

            assertThat(join.exitCode()).isEqualTo(1);
            assertThat(join.stderr()).contains("One or more conditions for hosting a new control plane instance is "
                    + "not satisfied.").contains("failure loading key for service account: couldn't load the private "
                    + "key file /etc/kubernetes/pki/sa.key");
            assertThat(cp2.path("/etc/kubernetes/kubelet.conf")).doesNotExist();
            assertThat(cp2.daemon()).isEmpty();
        } finally {
            Files.move(aside, key);
        }
    }

    @Test
    @Order(5)
    void joinIsRefusedWithAnUnknownToken() throws Exception {
        cp2.write(DISCOVERY, discovery("zzzzzz.zzzzzzzzzzzzzzzz"));
        try {
            SimulatedNode.Result join = cp2.kubeadm("join", "--config", CONFIG);

            assertThat(join.exitCode()).isEqualTo(1);
            assertThat(join.stdout()).contains("[discovery] Successfully established connection with API Server \""
                    + ENDPOINT_NAME + ":" + port + "\"");
            assertThat(join.stderr()).contains("couldn't validate the identity of the API Server: could not find a "
                    + "JWS signature in the cluster-info ConfigMap for token ID \"zzzzzz\"")
                    .doesNotContain("zzzzzzzzzzzzzzzz");
            assertThat(cp2.path("/etc/kubernetes/kubelet.conf")).doesNotExist();
        } finally {
            cp2.write(DISCOVERY, discovery(INIT_TOKEN));
        }
    }

    @Test
    @Order(6)
    void joinVerifiesTheApiServerAgainstTheDiscoveryCaAndName() throws Exception {
        cp2.write("/etc/hosts", "127.0.0.1 localhost\n" + cp1Address + " " + ENDPOINT_NAME + " other-name.sim.test\n");
        cp2.write(DISCOVERY, Kubeconfig.render("sim", "https://other-name.sim.test:" + port, ca.certificate(),
                "tls-bootstrap-token-user", null, INIT_TOKEN));
        try {
            SimulatedNode.Result wrongName = cp2.kubeadm("join", "--config", CONFIG);
            assertThat(wrongName.exitCode()).isEqualTo(1);
            assertThat(wrongName.stderr()).contains("couldn't validate the identity of the API Server: Get "
                    + "\"https://other-name.sim.test:" + port).contains("SSLHandshakeException")
                    .contains("No subject alternative DNS name matching other-name.sim.test found");

            CertificateAuthority stranger = CertificateAuthority.createKubeadmStyle("kubernetes", KeyPairs.ecP256());
            cp2.write(DISCOVERY, Kubeconfig.render("sim", "https://" + ENDPOINT_NAME + ":" + port,
                    stranger.certificate(), "tls-bootstrap-token-user", null, INIT_TOKEN));
            SimulatedNode.Result wrongCa = cp2.kubeadm("join", "--config", CONFIG);
            assertThat(wrongCa.exitCode()).isEqualTo(1);
            assertThat(wrongCa.stderr()).contains("SSLHandshakeException").contains("PKIX path");
            assertThat(cp2.path("/etc/kubernetes/kubelet.conf")).doesNotExist();
        } finally {
            cp2.write("/etc/hosts", "127.0.0.1 localhost\n" + cp1Address + " " + ENDPOINT_NAME + "\n");
            cp2.write(DISCOVERY, discovery(INIT_TOKEN));
        }
    }

    @Test
    @Order(7)
    void controlPlaneJoinsThroughTheEndpointAndIsListed() throws Exception {
        SimulatedNode.Result join = cp2.kubeadm("join", "--config", CONFIG);

        assertThat(join.exitCode()).as(join.output()).isZero();
        assertThat(join.stdout()).contains("This node has joined the cluster and a new control plane instance was "
                + "created");
        assertThat(cp2.path(ADMIN)).isRegularFile();
        assertThat(cp2.path("/etc/kubernetes/manifests/kube-apiserver.yaml")).isRegularFile();
        assertThat(clients.curl(cp2Address, "/readyz")).isEqualTo("200 ok");
        assertThat(IndependentClients.kubeletHealth(cp2Address)).isEqualTo("ok");

        SimulatedNode.Result nodesJson = cp1.kubectl("--kubeconfig", ADMIN, "get", "nodes", "-o", "json");
        assertThat(nodesJson.stdout()).contains("\"node1.sim\"").contains("\"node2.sim\"");
    }

    @Test
    @Order(8)
    void tokensAreCreatedListedAndDeletedOnAJoinedControlPlane() throws Exception {
        cp2.write("/etc/kubenode/kubeadm/token.yaml", """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                bootstrapTokens:
                - token: %s
                  ttl: 900s
                  usages: [signing, authentication]
                  groups: [system:bootstrappers:kubeadm:default-node-token]
                """.formatted(SECOND_TOKEN));

        SimulatedNode.Result create = cp2.kubeadm("token", "create", "--config", "/etc/kubenode/kubeadm/token.yaml",
                "--kubeconfig", ADMIN);
        assertThat(create.exitCode()).as(create.output()).isZero();
        assertThat(create.stdout()).isEqualTo(SECOND_TOKEN + "\n");
        SimulatedNode.Result again = cp2.kubeadm("token", "create", "--config", "/etc/kubenode/kubeadm/token.yaml",
                "--kubeconfig", ADMIN);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.stderr()).startsWith("a token with id \"ghijkl\" already exists\n");

        SimulatedNode.Result delete = cp2.kubeadm("token", "delete", "abcdef", "--kubeconfig", ADMIN);
        assertThat(delete.exitCode()).as(delete.output()).isZero();
        assertThat(delete.stdout()).isEqualTo("bootstrap token \"abcdef\" deleted\n");

        SimulatedNode.Result list = cp2.kubeadm("token", "list", "-o", "json", "--kubeconfig", ADMIN);
        assertThat(jsonObjects(list.stdout())).extracting(token -> token.path("token").asText())
                .containsExactly(SECOND_TOKEN);
    }

    @Test
    @Order(9)
    void workerJoinIsRefusedWithAnExpiredTokenAndRetriesAfterAFault() throws Exception {
        Path offset = base.resolve("cluster/clock-offset-seconds");
        Files.writeString(offset, "1000\n");
        SimulatedNode.Result expired = worker.kubeadm("join", "--config", CONFIG);
        Files.delete(offset);
        assertThat(expired.exitCode()).isEqualTo(1);
        assertThat(expired.stderr()).contains("for token ID \"ghijkl\" (the token expired at");

        Files.writeString(base.resolve("cluster/faults"), "node3.sim join fail 1\n");
        SimulatedNode.Result failed = worker.kubeadm("join", "--config", CONFIG);
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.stderr()).contains("error execution phase kubelet-start: simulated failure of join on "
                + "node node3.sim");
        assertThat(Files.readString(base.resolve("cluster/faults"))).isEmpty();
        assertThat(worker.path("/etc/kubernetes/kubelet.conf")).isRegularFile();

        SimulatedNode.Result again = worker.kubeadm("join", "--config", CONFIG);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.stderr()).contains("[ERROR FileAvailable--etc-kubernetes-kubelet.conf]: "
                + "/etc/kubernetes/kubelet.conf already exists");

        assertThat(worker.kubeadm("reset", "--force").exitCode()).isZero();
        SimulatedNode.Result joined = worker.kubeadm("join", "--config", CONFIG);
        assertThat(joined.exitCode()).as(joined.output()).isZero();
        assertThat(IndependentClients.kubeletHealth(workerAddress)).isEqualTo("ok");
        assertThat(worker.path(ADMIN)).doesNotExist();
        // TLS bootstrap: the kubelet holds a certificate from the cluster CA, not the token
        String kubeletConf = Files.readString(worker.path("/etc/kubernetes/kubelet.conf"));
        assertThat(kubeletConf).doesNotContain("0123456789abcdef").doesNotContain("token:");
        Kubeconfig kubelet = Kubeconfig.read(new SimulatorEnv(worker.root(), workerAddress, base.resolve("cluster")),
                "/etc/kubernetes/kubelet.conf");
        kubelet.client().certificate().verify(ca.certificate().getPublicKey());
        assertThat(SubjectName.of(kubelet.client().certificate().getSubjectX500Principal()))
                .contains(new SubjectName("system:node:node3.sim", "system:nodes"));
    }

    @Test
    @Order(10)
    void kubectlDiffAndApplyTrackTheAppliedManifest() throws Exception {
        String manifest = "/etc/kubenode/manifests/kube-flannel.yml";
        cp1.write(manifest, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: kube-flannel\n---\n"
                + "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: kube-flannel-ds\n");
        String[] flags = {"--server-side", "--force-conflicts", "-f", manifest};

        assertThat(cp1.kubectl(concat(new String[] {"--kubeconfig", ADMIN, "diff"}, flags)).exitCode()).isEqualTo(1);
        SimulatedNode.Result apply = cp1.kubectl(concat(new String[] {"--kubeconfig", ADMIN, "apply"}, flags));
        assertThat(apply.exitCode()).as(apply.output()).isZero();
        assertThat(apply.stdout()).isEqualTo("namespace/kube-flannel serverside-applied\n"
                + "daemonset.apps/kube-flannel-ds serverside-applied\n");
        assertThat(cp1.kubectl(concat(new String[] {"--kubeconfig", ADMIN, "diff"}, flags)).exitCode()).isZero();

        worker.write(manifest, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: kube-flannel\n");
        SimulatedNode.Result noAdmin = worker.kubectl(concat(new String[] {"--kubeconfig", ADMIN, "diff"}, flags));
        assertThat(noAdmin.exitCode()).isEqualTo(2);
        assertThat(noAdmin.stderr()).contains("couldn't load the kubeconfig file /etc/kubernetes/admin.conf");
    }

    /** The drain resource's kubectl calls, exactly as the agent's DrainHandler makes them. */
    @Test
    @Order(10)
    void kubectlDrainCordonsEvictsWhatDrainWouldAndUncordonsTheWorker() throws Exception {
        String node = "node3.sim";
        ClusterStore store = new ClusterStore(base.resolve("cluster"));
        store.putPods(node, List.of(
                new ClusterStore.Pod("kube-system", "kube-proxy-8d2kq", "DaemonSet", false, false, "Running"),
                new ClusterStore.Pod("default", "web-1", "ReplicaSet", false, true, "Running"),
                new ClusterStore.Pod("default", "web-2", "ReplicaSet", false, false, "Running"),
                new ClusterStore.Pod("kube-system", "etcd-" + node, null, true, false, "Running"),
                new ClusterStore.Pod("batch", "report-28471", "Job", false, false, "Succeeded")));
        String[] getPods = {"--kubeconfig", ADMIN, "get", "pods", "--all-namespaces", "--field-selector",
                "spec.nodeName=" + node, "-o", "json"};
        String[] drain = {"--kubeconfig", ADMIN, "drain", node, "--ignore-daemonsets", "--delete-emptydir-data",
                "--timeout=300s"};

        JsonNode before = jsonObjects(cp1.kubectl("--kubeconfig", ADMIN, "get", "node", node, "-o", "json")
                .stdout()).get(0);
        assertThat(before.path("metadata").path("name").asText()).isEqualTo(node);
        assertThat(before.path("spec").has("unschedulable")).isFalse();
        JsonNode pods = jsonObjects(cp1.kubectl(getPods).stdout()).get(0);
        assertThat(pods.path("items")).hasSize(5);
        assertThat(pods.path("items").get(0).path("metadata").path("ownerReferences").get(0).path("kind").asText())
                .isEqualTo("DaemonSet");

        SimulatedNode.Result withoutFlags = cp1.kubectl("--kubeconfig", ADMIN, "drain", node);
        assertThat(withoutFlags.exitCode()).isEqualTo(1);
        assertThat(withoutFlags.stdout()).isEqualTo("node/" + node + " cordoned\n");
        assertThat(withoutFlags.stderr()).contains("cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to "
                + "ignore): kube-system/kube-proxy-8d2kq", "cannot delete Pods with local storage (use "
                + "--delete-emptydir-data to override): default/web-1");

        Files.writeString(base.resolve("cluster/faults"), node + " drain fail 1\n");
        SimulatedNode.Result blocked = cp1.kubectl(drain);
        assertThat(blocked.exitCode()).isEqualTo(1);
        assertThat(blocked.stderr()).contains("error when evicting pods/\"web-1\" -n \"default\" (will retry after "
                + "5s): Cannot evict pod as it would violate the pod's disruption budget.", "global timeout reached: "
                + "5m0s");
        assertThat(jsonObjects(cp1.kubectl(getPods).stdout()).get(0).path("items")).hasSize(5);

        SimulatedNode.Result drained = cp1.kubectl(drain);
        assertThat(drained.exitCode()).as(drained.output()).isZero();
        assertThat(drained.stdout()).isEqualTo("node/" + node + " already cordoned\nevicting pod default/web-1\n"
                + "evicting pod default/web-2\npod/web-1 evicted\npod/web-2 evicted\nnode/" + node + " drained\n");
        assertThat(drained.stderr()).contains("Warning: ignoring DaemonSet-managed Pods: kube-system/kube-proxy-8d2kq");
        assertThat(jsonObjects(cp1.kubectl(getPods).stdout()).get(0).path("items"))
                .extracting(item -> item.path("metadata").path("name").asText())
                .containsExactly("kube-proxy-8d2kq", "etcd-" + node, "report-28471");
        String listed = cp1.kubectl("--kubeconfig", ADMIN, "get", "nodes", "-o", "json").stdout();
        assertThat(jsonObjects(listed).get(0).path("items")).filteredOn(item -> item.path("metadata").path("name")
                .asText().equals(node)).singleElement().satisfies(item -> assertThat(item.path("spec")
                .path("unschedulable").asBoolean()).isTrue());

        assertThat(cp1.kubectl("--kubeconfig", ADMIN, "uncordon", node).stdout()).isEqualTo("node/" + node
                + " uncordoned\n");
        assertThat(cp1.kubectl("--kubeconfig", ADMIN, "uncordon", node).stdout()).isEqualTo("node/" + node
                + " already uncordoned\n");
        assertThat(jsonObjects(cp1.kubectl("--kubeconfig", ADMIN, "get", "node", node, "-o", "json").stdout()).get(0)
                .path("spec").has("unschedulable")).isFalse();
        // The cluster's event log has each drain and uncordon, so end-to-end tests can order them in time.
        assertThat(Files.readAllLines(base.resolve("cluster/events")).stream().map(line -> line.split(" "))
                .filter(fields -> fields[2].equals(node) && List.of("drain", "uncordon").contains(fields[3]))
                .map(fields -> fields[3] + " " + fields[4])).containsExactly("drain started", "drain failed",
                "drain started", "drain failed", "drain started", "drain succeeded", "uncordon started",
                "uncordon succeeded", "uncordon started", "uncordon succeeded");

        for (String[] unknown : List.of(new String[] {"get", "node", "node9.sim", "-o", "json"},
                new String[] {"drain", "node9.sim", "--ignore-daemonsets"}, new String[] {"uncordon", "node9.sim"})) {
            SimulatedNode.Result result = cp1.kubectl(concat(new String[] {"--kubeconfig", ADMIN}, unknown));
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.stderr()).isEqualTo("Error from server (NotFound): nodes \"node9.sim\" not found\n");
        }
        SimulatedNode.Result noAdmin = worker.kubectl(drain);
        assertThat(noAdmin.exitCode()).isEqualTo(1);
        assertThat(noAdmin.stderr()).contains("couldn't load the kubeconfig file /etc/kubernetes/admin.conf");
    }

    /**
     * The agent's drain resource on the first control plane, with the simulator as its kubectl (a wrapper giving it
     * the cluster directory): drains the worker once, is then in sync, fails on a PodDisruptionBudget, uncordons.
     */
    @Test
    @Order(10)
    void theDrainResourceDrainsAndUncordonsTheWorkerThroughTheSimulatedKubectl() throws Exception {
        String node = "node3.sim";
        ClusterStore store = new ClusterStore(base.resolve("cluster"));
        store.putPods(node, List.of(
                new ClusterStore.Pod("kube-system", "kube-proxy-8d2kq", "DaemonSet", false, false, "Running"),
                new ClusterStore.Pod("default", "web-1", "ReplicaSet", false, false, "Running")));
        store.setCordoned(node, false);
        SandboxHost host = agentHostOnCp1();
        EngineHarness engine = new EngineHarness(OsFamily.RHEL);
        NodeCatalog drain = EngineHarness.catalogOf(new DrainSpec(node, true, ADMIN, 60));

        Files.writeString(base.resolve("cluster/faults"), node + " drain fail 1\n");
        ResourceReport blocked = engine.apply(drain, host).resources().get(0);
        assertThat(blocked.state()).isEqualTo("failed");
        assertThat(blocked.message()).startsWith("kubectl drain exited 1 after ").contains("the node stays cordoned",
                "Cannot evict pod as it would violate the pod's disruption budget", "global timeout reached: 1m0s");
        assertThat(store.cordoned(node)).isTrue();

        engine.assertIdempotent(drain, host);
        assertThat(store.pods(node)).extracting(ClusterStore.Pod::name).containsExactly("kube-proxy-8d2kq");
        assertThat(engine.apply(drain, host).resources().get(0).message()).isEqualTo("cordoned and drained (1 pod "
                + "evicted)");

        engine.assertIdempotent(EngineHarness.catalogOf(new DrainSpec(node, false, ADMIN, 60)), host);
        assertThat(store.cordoned(node)).isFalse();

        ResourceReport unknown = engine.apply(EngineHarness.catalogOf(new DrainSpec("node9.sim", true, ADMIN, 60)),
                host).resources().get(0);
        assertThat(unknown.state()).isEqualTo("failed");
        assertThat(unknown.message()).isEqualTo("the Kubernetes API knows no node node9.sim (kubectl get node: "
                + "NotFound); spec.node must be the node's registered name");
    }

    /** The clusterNode resource's kubectl call: the Node object goes, an unknown node is NotFound as kubectl says. */
    @Test
    @Order(10)
    void kubectlDeleteNodeRemovesTheNodeObjectAndAnswersNotFoundForAnUnknownNode() throws Exception {
        ClusterStore store = new ClusterStore(base.resolve("cluster"));
        store.locked(() -> {
            store.putNode(new ClusterStore.Node("node8.sim", workerAddress, "worker", null, worker.root().toString()));
            store.setCordoned("node8.sim", true);
            return null;
        });

        SimulatedNode.Result deleted = cp1.kubectl("--kubeconfig", ADMIN, "delete", "node", "node8.sim");

        assertThat(deleted.exitCode()).as(deleted.output()).isZero();
        assertThat(deleted.stdout()).isEqualTo("node \"node8.sim\" deleted\n");
        assertThat(store.locked(store::nodes)).extracting(ClusterStore.Node::name).doesNotContain("node8.sim")
                .contains("node1.sim", "node3.sim");
        assertThat(store.cordoned("node8.sim")).isFalse();
        for (String[] after : List.of(new String[] {"delete", "node", "node8.sim"},
                new String[] {"get", "node", "node8.sim", "-o", "json"})) {
            SimulatedNode.Result result = cp1.kubectl(concat(new String[] {"--kubeconfig", ADMIN}, after));
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.stderr()).isEqualTo("Error from server (NotFound): nodes \"node8.sim\" not found\n");
        }
        assertThat(cp1.kubectl("--kubeconfig", ADMIN, "delete", "pod", "x").stderr()).contains("knows \"delete node "
                + "NAME\" only");
    }

    /** The agent's clusterNode resource on the first control plane through the simulated kubectl. */
    @Test
    @Order(10)
    void theClusterNodeResourceDeletesTheNodeObjectOnceThroughTheSimulatedKubectl() throws Exception {
        ClusterStore store = new ClusterStore(base.resolve("cluster"));
        store.locked(() -> {
            store.putNode(new ClusterStore.Node("node7.sim", workerAddress, "worker", null, worker.root().toString()));
            return null;
        });
        SandboxHost host = agentHostOnCp1();
        EngineHarness engine = new EngineHarness(OsFamily.RHEL);
        NodeCatalog absent = EngineHarness.catalogOf(new ClusterNodeSpec("node7.sim", ADMIN, ClusterNodeSpec.ABSENT));

        assertThat(engine.plan(absent, host).changes()).containsExactly("- clusterNode:node7.sim delete node "
                + "node7.sim: run kubectl --kubeconfig " + ADMIN + " delete node node7.sim");
        engine.assertIdempotent(absent, host);

        assertThat(store.locked(store::nodes)).extracting(ClusterStore.Node::name).doesNotContain("node7.sim");
        ResourceReport after = engine.apply(absent, host).resources().get(0);
        assertThat(after.state()).isEqualTo("in_sync");
        assertThat(after.message()).isEqualTo("the API has no node node7.sim");
    }

    /** A sandbox on cp1 whose kubectl is the simulator (a wrapper giving it the cluster directory), as the agent's. */
    private SandboxHost agentHostOnCp1() throws IOException {
        Path kubectl = base.resolve("agent-bin/kubectl");
        Files.createDirectories(kubectl.getParent());
        Files.writeString(kubectl, "#!/bin/sh\nexport " + SimulatorEnv.CLUSTER + "='" + base.resolve("cluster")
                + "'\nexec '" + SimulatorExecutables.writeTo(base.resolve("bin")).kubectl() + "' \"$@\"\n");
        kubectl.toFile().setExecutable(true);
        return new SandboxHost(cp1.root(), Simulations.all(), new SandboxSimulators(Map.of("kubectl", kubectl),
                SandboxSimulators.loopbackAddress(cp1Address)));
    }

    @Test
    @Order(11)
    void resetStopsTheDaemonFreesThePortAndRemovesWhatJoinWrote() throws Exception {
        ProcessHandle daemon = cp2.daemon().orElseThrow();
        Files.writeString(base.resolve("cluster/faults"), "node2.sim reset slow 2\n");
        long started = System.nanoTime();

        SimulatedNode.Result reset = cp2.kubeadm("reset", "--force");

        assertThat(reset.exitCode()).as(reset.output()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        Files.writeString(base.resolve("cluster/faults"), "");
        assertThat(daemon.isAlive()).isFalse();
        try (ServerSocket free = new ServerSocket()) {
            free.bind(new InetSocketAddress(InetAddress.getByName(cp2Address), port));
        }
        for (String file : List.of(ADMIN, "/etc/kubernetes/kubelet.conf", "/etc/kubernetes/pki/ca.key",
                "/etc/kubernetes/manifests/kube-apiserver.yaml", SimulatorEnv.STATE_DIR + "/daemon.pid")) {
            assertThat(cp2.path(file)).as(file).doesNotExist();
        }
        SimulatedNode.Result nodesJson = cp1.kubectl("--kubeconfig", ADMIN, "get", "nodes", "-o", "json");
        assertThat(nodesJson.stdout()).contains("\"node1.sim\"").doesNotContain("\"node2.sim\"");
    }

    @Test
    @Order(12)
    void aHangingStepRunsUntilKilled() throws Exception {
        // After its reset the node's name comes from /etc/hostname, as kubeadm's does.
        cp2.write("/etc/hostname", "node2.sim\n");
        Files.writeString(base.resolve("cluster/faults"), "node2.sim reset hang\n");
        ProcessBuilder builder = new ProcessBuilder(base.resolve("bin/kubeadm").toString(), "reset", "--force");
        builder.environment().put(SimulatorEnv.ROOT, cp2.root().toString());
        builder.environment().put(SimulatorEnv.CLUSTER, base.resolve("cluster").toString());
        Process hanging = builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assertThat(hanging.waitFor(3, TimeUnit.SECONDS)).isFalse();
        } finally {
            hanging.destroyForcibly().waitFor();
            Files.writeString(base.resolve("cluster/faults"), "");
        }
    }

    @Test
    @Order(13)
    void aDaemonWhoseRootDisappearsExitsByItself() throws Exception {
        ProcessHandle daemon = worker.daemon().orElseThrow();

        try (Stream<Path> walk = Files.walk(worker.root())) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> !daemon.isAlive());
        SimulatedNode.Result nodesJson = cp1.kubectl("--kubeconfig", ADMIN, "get", "nodes", "-o", "json");
        JsonNode items = ClusterStore.JSON.readTree(nodesJson.stdout()).path("items");
        for (JsonNode item : items) {
            if (item.path("metadata").path("name").asText().equals("node3.sim")) {
                assertThat(item.path("status").path("conditions").get(0).path("status").asText()).isEqualTo("Unknown");
                assertThat(item.path("status").path("addresses").get(0).path("address").asText())
                        .isEqualTo(workerAddress);
                return;
            }
        }
        throw new AssertionError("node3.sim is not listed: " + nodesJson.stdout());
    }

    @Test
    @Order(14)
    void theEventsFileRecordsEachStepInOrderWithTheTokenEachJoinUsed() throws Exception {
        List<String> lines = Files.readAllLines(base.resolve("cluster/events")).stream()
                .map(line -> line.substring(line.indexOf(' ', line.indexOf(' ') + 1) + 1)).toList();

        assertThat(lines).filteredOn(line -> line.startsWith("node1.sim init"))
                .containsExactly("node1.sim init started", "node1.sim init failed", "node1.sim init started",
                        "node1.sim init failed", "node1.sim init started", "node1.sim init succeeded");
        assertThat(lines).containsSubsequence("node2.sim join-control-plane started",
                "node2.sim join-token accepted id=abcdef expires=" + tokenExpiry("abcdef"),
                "node2.sim join-control-plane succeeded", "node3.sim join-worker started",
                "node3.sim join-token accepted id=ghijkl expires=" + tokenExpiry("ghijkl"),
                "node3.sim join-worker failed", "node3.sim reset started", "node3.sim reset succeeded",
                "node2.sim reset started", "node2.sim reset succeeded");
        assertThat(String.join("\n", lines)).doesNotContain("0123456789abcdef");
    }

    private String tokenExpiry(String id) throws IOException {
        for (String line : Files.readAllLines(base.resolve("cluster/events"))) {
            if (line.contains(" join-token accepted id=" + id + " ")) {
                return line.substring(line.indexOf("expires=") + "expires=".length());
            }
        }
        throw new AssertionError("no join with token " + id);
    }

    private SimulatedNode node(String name, String address, Path cluster, SimulatorExecutables.Paths executables)
            throws IOException {
        SimulatedNode node = new SimulatedNode(base.resolve(name), address, cluster, executables);
        nodes.add(node);
        return node;
    }

    private static String join(String name, String nodeIp, String controlPlane) {
        return """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: JoinConfiguration
                nodeRegistration:
                  name: %s
                  criSocket: unix:///run/containerd/containerd.sock
                  kubeletExtraArgs:
                  - name: node-ip
                    value: %s
                discovery:
                  file:
                    kubeConfigPath: %s
                timeouts:
                  discovery: 2s
                """.formatted(name, nodeIp, DISCOVERY) + controlPlane;
    }

    private String discovery(String token) {
        return Kubeconfig.render("sim", "https://" + ENDPOINT_NAME + ":" + port, ca.certificate(),
                "tls-bootstrap-token-user", null, token);
    }

    @Test
    @Order(15)
    void anExpiredTokenIsGoneAsTheTokenCleanerLeavesItSoTheSameIdCanBeCreatedAgain() throws Exception {
        cp1.write("/etc/kubenode/kubeadm/short-token.yaml", """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                bootstrapTokens:
                - token: mnopqr.0123456789abcdef
                  ttl: 60s
                  usages: [signing, authentication]
                  groups: [system:bootstrappers:kubeadm:default-node-token]
                """);
        List<String> create = List.of("token", "create", "--config", "/etc/kubenode/kubeadm/short-token.yaml",
                "--kubeconfig", ADMIN);
        SimulatedNode.Result first = cp1.kubeadm(create.toArray(String[]::new));
        assertThat(first.exitCode()).as(first.output()).isZero();
        Path offset = base.resolve("cluster/clock-offset-seconds");
        Files.writeString(offset, "1000\n");
        try {
            SimulatedNode.Result again = cp1.kubeadm(create.toArray(String[]::new));
            assertThat(again.exitCode()).as("expired 940 s ago: " + again.output()).isZero();
            SimulatedNode.Result list = cp1.kubeadm("token", "list", "-o", "json", "--kubeconfig", ADMIN);
            JsonNode listed = jsonObjects(list.stdout()).stream()
                    .filter(token -> token.path("token").asText().startsWith("mnopqr.")).findFirst().orElseThrow();
            assertThat(Instant.parse(listed.path("expires").asText())).as("valid for its ttl from the new time")
                    .isAfter(Instant.now().plusSeconds(1000));

            Files.writeString(offset, "2000\n");
            SimulatedNode.Result delete = cp1.kubeadm("token", "delete", "mnopqr", "--kubeconfig", ADMIN);
            assertThat(delete.exitCode()).as("the cleaner deleted it first: " + delete.output()).isEqualTo(1);
            assertThat(delete.stderr()).contains("secrets \"bootstrap-token-mnopqr\" not found");
        } finally {
            Files.delete(offset);
        }
    }

    private static List<JsonNode> jsonObjects(String text) throws IOException {
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> values = ClusterStore.JSON.readerFor(JsonNode.class).readValues(text)) {
            while (values.hasNextValue()) {
                objects.add(values.nextValue());
            }
        }
        return objects;
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = new String[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    private static int freePortOnBoth(String first, String second) throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket a = new ServerSocket()) {
                a.bind(new InetSocketAddress(InetAddress.getByName(first), 0));
                try (ServerSocket b = new ServerSocket()) {
                    b.bind(new InetSocketAddress(InetAddress.getByName(second), a.getLocalPort()));
                    return a.getLocalPort();
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no port free on both " + first + " and " + second);
    }
}
