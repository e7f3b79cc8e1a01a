package io.kubenode.controller.orchestration.clusterapi;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.pki.CertificateAuthority;
import io.kubenode.common.pki.KeyPairs;
import io.kubenode.controller.clusterpki.ClusterPki;
import io.kubenode.controller.clusterpki.ClusterPkiGenerator;
import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.store.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The controller asking a cluster API which nodes are Ready: through the endpoint's address with the endpoint's
 * name for SNI and verification, as a short-lived cluster admin, trusting the cluster CA only, and empty for every
 * server it must not believe or that does not answer in time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesApiObserverTest {
    private static final String ENDPOINT = "k8s-cp.internal";
    private static final String NODES = "{\"kind\":\"NodeList\",\"apiVersion\":\"v1\",\"items\":["
            + node("node1.internal", "True") + "," + node("node2.internal", "True") + ","
            + node("node3.internal", "False") + "," + node("node4.internal", "Unknown") + ","
            + "{\"metadata\":{\"name\":\"node5.internal\"},\"status\":{\"conditions\":[{\"type\":\"MemoryPressure\","
            + "\"status\":\"True\"}]}}]}";

    private ClusterPki pki;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    void makeTheClusterPki() {
        pki = ClusterPkiGenerator.generate();
    }

    @AfterEach
    void closeServers() throws Exception {
        for (AutoCloseable each : opened) {
            each.close();
        }
        opened.clear();
    }

    @Test
    void theNodesWhoseReadyConditionIsTrueAreReadyAndTheServerSeesAClusterAdminOfTheClusterCa() throws Exception {
        FakeApiServer server = server(pki.clusterCa(), List.of(ENDPOINT));
        server.nodeList = NODES;
        KubernetesApiObserver observer = new KubernetesApiObserver(() -> Optional.of(pki), new SettableClock(
                Instant.now()));

        Optional<Set<String>> ready = observer.readyNodes(cluster(server.port()));

        assertThat(ready).contains(Set.of("node1.internal", "node2.internal"));
        assertThat(server.clients).hasSize(1);
        assertThat(server.clients.get(0).getSubjectX500Principal().getName())
                .isEqualTo("CN=kubenode-controller,O=kubeadm:cluster-admins");
        assertThat(server.clients.get(0).getIssuerX500Principal())
                .isEqualTo(pki.clusterCaCertificate().getSubjectX500Principal());
        server.clients.get(0).verify(pki.clusterCaCertificate().getPublicKey());
        assertThat(Duration.between(Instant.now(), server.clients.get(0).getNotAfter().toInstant()))
                .isBetween(Duration.ofMinutes(9), Duration.ofMinutes(10));
    }

    @Test
    void theCertificateIsReusedForTwoThirdsOfItsTenMinutesThenANewOneIsMinted() throws Exception {
        FakeApiServer server = server(pki.clusterCa(), List.of(ENDPOINT));
        SettableClock clock = new SettableClock(Instant.now());
        KubernetesApiObserver observer = new KubernetesApiObserver(() -> Optional.of(pki), clock);
        Cluster cluster = cluster(server.port());

        observer.readyNodes(cluster);
        clock.advance(Duration.ofSeconds(399));
        observer.readyNodes(cluster);
        clock.advance(Duration.ofSeconds(2));
        observer.readyNodes(cluster);

        assertThat(server.clients).hasSize(3);
        assertThat(server.clients.get(1).getSerialNumber()).isEqualTo(server.clients.get(0).getSerialNumber());
        assertThat(server.clients.get(2).getSerialNumber()).isNotEqualTo(server.clients.get(0).getSerialNumber());
        assertThat(observer.credentialSerial()).contains(server.clients.get(2).getSerialNumber().toString(16));
    }

    @Test
    void aServerWithACertificateOfAnotherCaIsNotBelievedEvenUnderTheSameCaName() throws Exception {
        CertificateAuthority lookalike = CertificateAuthority.createKubeadmStyle("kubernetes", KeyPairs.rsa2048());
        FakeApiServer server = server(lookalike, List.of(ENDPOINT));
        server.nodeList = NODES;

        Optional<Set<String>> ready = observer().readyNodes(cluster(server.port()));

        assertThat(ready).isEmpty();
        assertThat(server.clients).as("no request reached it").isEmpty();
    }

    @Test
    void aServerWhoseCertificateIsForAnotherNameIsNotBelieved() throws Exception {
        FakeApiServer server = server(pki.clusterCa(), List.of("other.internal", "127.0.0.1"));
        server.nodeList = NODES;

        Optional<Set<String>> ready = observer().readyNodes(cluster(server.port()));

        assertThat(ready).isEmpty();
        assertThat(server.clients).isEmpty();
    }

    @Test
    void withoutAClusterPkiNothingIsAsked() throws Exception {
        FakeApiServer server = server(pki.clusterCa(), List.of(ENDPOINT));

        Optional<Set<String>> ready = new KubernetesApiObserver(Optional::empty, new SettableClock(Instant.now()))
                .readyNodes(cluster(server.port()));

        assertThat(ready).isEmpty();
        assertThat(server.clients).isEmpty();
    }

    @Test
    void anAnswerThatIsNoNodeListIsNoAnswer() throws Exception {
        FakeApiServer server = server(pki.clusterCa(), List.of(ENDPOINT));
        server.nodeList = "{\"kind\":\"Status\",\"message\":\"forbidden\"}";

        assertThat(observer().readyNodes(cluster(server.port()))).isEmpty();
        server.nodeList = "not json";
        assertThat(observer().readyNodes(cluster(server.port()))).isEmpty();
    }

    @Test
    void nothingListeningOrAServerThatNeverAnswersEndsEmptyWithinTheTimeouts() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        opened.add(silent);

        long started = System.nanoTime();
        Optional<Set<String>> refused = observer().readyNodes(cluster(closedPort));
        long refusedMillis = (System.nanoTime() - started) / 1_000_000;
        started = System.nanoTime();
        Optional<Set<String>> hung = observer().readyNodes(cluster(silent.getLocalPort()));
        long hungMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(refused).isEmpty();
        assertThat(refusedMillis).isLessThan(2500);
        assertThat(hung).isEmpty();
        assertThat(hungMillis).as("a listener that never speaks TLS").isBetween(4500L, 6500L);
    }

    private KubernetesApiObserver observer() {
        return new KubernetesApiObserver(() -> Optional.of(pki), new SettableClock(Instant.now()));
    }

    private FakeApiServer server(CertificateAuthority serverCa, List<String> names) throws Exception {
        FakeApiServer server = new FakeApiServer(serverCa, names, pki.clusterCaCertificate());
        opened.add(server);
        return server;
    }

    /** The seed's cluster with its endpoint's address and port pointed at the test's loopback server. */
    private static Cluster cluster(int port) {
        return SeedCluster.parse(SeedCluster.exampleText().replace("address: 192.168.0.66", "address: 127.0.0.1")
                .replace("port: 8888", "port: " + port));
    }

    private static String node(String name, String ready) {
        return "{\"metadata\":{\"name\":\"" + name + "\"},\"status\":{\"conditions\":[{\"type\":\"MemoryPressure\","
                + "\"status\":\"False\"},{\"type\":\"Ready\",\"status\":\"" + ready + "\"}]}}";
    }
}
