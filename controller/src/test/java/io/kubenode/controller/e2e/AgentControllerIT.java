package io.kubenode.controller.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.document.Documents;
import io.kubenode.common.pki.Pem;
import io.kubenode.common.status.NodeSummary;
import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.realcheck.ExternalCommand;
import io.kubenode.controller.serve.ControllerAssembly;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE;
import static java.nio.file.attribute.PosixFilePermission.OWNER_READ;
import static java.nio.file.attribute.PosixFilePermission.OWNER_WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The node protocol end to end with real processes and nothing faked: one {@code kubenode-controller serve} for the
 * class (its data dir made by {@code init --san 127.0.0.1}, the seed cluster applied with kubenodectl), and per
 * test a {@code kubenode-agent} in sandbox mode that enrolls by the CA pin as one of the seed cluster's nodes and
 * runs against the controller. Each test has a node of its own, so they do not depend on their order.
 */
class AgentControllerIT {
    private static final String SYSCTL_CONF = "/etc/sysctl.d/99-kubernetes.conf";
    private static final String IP_FORWARD = "/proc/sys/net/ipv4/ip_forward";
    private static final Duration CONVERGE_WITHIN = Duration.ofSeconds(60);
    /** A pass every second: drift is corrected in a few. */
    private static final Duration CORRECTED_WITHIN = Duration.ofSeconds(20);
    /** The agent retries an unreachable controller with backoff (1 s doubling, at most 30 s). */
    private static final Duration RECONNECT_WITHIN = Duration.ofSeconds(75);

    @TempDir
    static Path dir;

    private static ControllerFixture controller;
    private static Kubenodectl kubenodectl;
    /** The cluster document last applied. */
    private static String clusterText = SeedCluster.exampleText();

    private final List<AgentProcess> agents = new ArrayList<>();

    @BeforeAll
    static void startControllerWithTheSeedCluster() throws Exception {
        controller = ControllerFixture.initAndServe(dir.resolve("controller"));
        kubenodectl = controller.kubenodectl();
        assertThat(kubenodectl.apply(SeedCluster.exampleFile())).contains("node1.internal (generation 1)");
    }

    @AfterEach
    void stopAgents() throws IOException {
        agents.forEach(AgentProcess::close);
        if (!controller.running()) {
            controller.restart(); // a test that failed while it was stopped
        }
    }

    @AfterAll
    static void stopController() {
        if (controller != null) {
            controller.close();
        }
    }

    @Test
    void enrollByTheCaPinInstallsAPrivateKeyWhileAWrongPinSendsNothingAndSaysWhy() throws Exception {
        SandboxNode node = SandboxNode.create(dir.resolve("enroll"), "node5.internal");
        String token = kubenodectl.createToken(node.name());
        String wrongPin = otherPin(controller.pin());
        double enrollRequests = enrollRequests();
        double accepted = acceptedEnrollments();

        ExternalCommand.Result refused = node.enroll(controller.url(), wrongPin, token);

        assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(1);
        assertThat(refused.stderr()).as("why").contains("expected the CA pin " + wrongPin, controller.pin(),
                "nothing was sent").doesNotContain(token.substring(token.indexOf('.') + 1));
        assertThat(node.state("pki/node.crt")).doesNotExist();
        assertThat(enrollRequests()).as("enroll requests the controller received").isEqualTo(enrollRequests);

        ExternalCommand.Result enrolled = node.enroll(controller.url(), controller.pin(), token);

        assertThat(enrolled.exitCode()).as("the same one-use token, so the refused attempt did not spend it: "
                + enrolled.describe()).isZero();
        assertThat(Files.getPosixFilePermissions(node.state("pki/node.key"))).containsExactlyInAnyOrder(OWNER_READ,
                OWNER_WRITE);
        assertThat(Files.getPosixFilePermissions(node.state("pki"))).containsExactlyInAnyOrder(OWNER_READ,
                OWNER_WRITE, OWNER_EXECUTE);
        X509Certificate certificate = Pem.readCertificate(Files.readString(node.state("pki/node.crt")));
        assertThat(certificate.getSubjectX500Principal().getName()).contains("CN=node5.internal",
                "O=kubenode:nodes");
        assertThat(node.state("pki/ca.crt")).hasSameTextualContentAs(controller.dataDir().resolve("pki/ca.crt"));
        assertThat(node.state("enrollment.yaml")).content().contains(controller.url(), node.name());
        assertThat(acceptedEnrollments()).isEqualTo(accepted + 1);

        ExternalCommand.Result spent = SandboxNode.create(dir.resolve("enroll-again"), node.name())
                .enroll(controller.url(), controller.pin(), token);

        assertThat(spent.exitCode()).as(spent.describe()).isEqualTo(1);
        assertThat(spent.stderr()).contains("token_used_up");
    }

    @Test
    void anEnrolledAgentConvergesFromTheControllersCatalogAndBothSidesSaySo() throws Exception {
        SandboxNode node = enrolled("node2.internal");
        AgentProcess agent = run(node);

        NodeSummary summary = awaitConverged(node.name(), 1);

        assertThat(summary.enrolled()).isTrue();
        assertThat(summary.revoked()).isFalse();
        assertThat(summary.failed()).isZero();
        assertThat(summary.lastSeen()).isNotNull();
        await("kubenode_controller_node_converged of " + node.name()).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(controller.metrics().value("kubenode_controller_node_converged",
                        Map.of("node", node.name()))).isEqualTo(1));
        Metrics agentMetrics = agent.metrics();
        assertThat(agentMetrics.value("kubenode_agent_controller_connected")).isEqualTo(1);
        assertThat(agentMetrics.value("kubenode_agent_converged")).isEqualTo(1);
        assertThat(agentMetrics.value("kubenode_agent_applied_generation")).isEqualTo(1);
        assertThat(Files.readString(node.file(IP_FORWARD)).strip()).isEqualTo("1");
        assertThat(node.file(SYSCTL_CONF)).content().contains("net.ipv4.ip_forward = 1");
        assertThat(node.state("catalog.json")).as("the cached catalog").content().contains(node.name());
    }

    @Test
    void aChangedSysctlReachesTheAgentWithinOneSecondOfTheApplyAndIsApplied() throws Exception {
        SandboxNode node = enrolled("node3.internal");
        AgentProcess agent = run(node);
        long before = awaitConverged(node.name(), 1).desiredGeneration();

        String applied = applyNodeSysctl(node.name(), "net.ipv4.ip_forward", "0");
        long appliedAt = System.nanoTime();
        await("the agent to hold generation " + (before + 1)).atMost(Duration.ofSeconds(10))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .until(() -> agent.metrics().value("kubenode_agent_catalog_generation") > before);
        Duration latency = Duration.ofNanos(System.nanoTime() - appliedAt);

        assertThat(applied.lines().filter(line -> line.startsWith("catalogs changed:")))
                .containsExactly("catalogs changed: " + node.name() + " (generation " + (before + 1) + ")");
        assertThat(latency).as("from kubenodectl apply returning to the agent holding the new catalog")
                .isLessThan(Duration.ofSeconds(1));
        await("the new sysctl value on " + node.name()).atMost(CONVERGE_WITHIN).untilAsserted(() -> {
            assertThat(Files.readString(node.file(IP_FORWARD)).strip()).isEqualTo("0");
            assertThat(node.file(SYSCTL_CONF)).content().contains("net.ipv4.ip_forward = 0");
        });
        awaitConverged(node.name(), before + 1);
        System.out.printf("AgentControllerIT: generation %d reached %s %d ms after apply returned%n", before + 1,
                node.name(), latency.toMillis());
    }

    @Test
    void withTheControllerStoppedTheAgentCorrectsDriftFromItsCacheAndReconnectsToTheRestartWithoutReEnrolling()
            throws Exception {
        SandboxNode node = enrolled("node4.internal");
        AgentProcess agent = run(node);
        awaitConverged(node.name(), 1);
        byte[] certificate = Files.readAllBytes(node.state("pki/node.crt"));

        controller.stop();

        Instant lastSeen = snapshotReceivedAt(node.name());
        await("the agent to see the controller gone").atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(agent.metrics().value("kubenode_agent_controller_connected"))
                        .isZero());
        assertCorrectsDrift(node, agent);

        controller.restart();

        await("the agent to reconnect").atMost(RECONNECT_WITHIN)
                .untilAsserted(() -> assertThat(agent.metrics().value("kubenode_agent_controller_connected"))
                        .isEqualTo(1));
        await("a status report to the restarted controller").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(Instant.parse(kubenodectl.node(node.name()).lastSeen()))
                        .isAfter(lastSeen));
        assertThat(controller.metrics().sum("kubenode_controller_http_requests_total", Map.of("route",
                "/api/v1/nodes/{name}/status", "code", "204"))).as("statuses the restarted controller took")
                .isPositive();
        assertThat(node.state("pki/node.crt")).as("the node certificate").hasBinaryContent(certificate);
        assertThat(controller.metrics().sum("kubenode_controller_enrollments_total", Map.of()))
                .as("enrollments since the restart").isZero();
        assertThat(agent.isAlive()).as("the same agent process").isTrue();
        assertThat(kubenodectl.node(node.name()).converged()).isTrue();
    }

    @Test
    void aRevokedNodeGets401CertificateRevokedAndKeepsEnforcingItsCachedCatalog() throws Exception {
        SandboxNode node = enrolled("node1.internal");
        AgentProcess agent = run(node);
        awaitConverged(node.name(), 1);
        double unauthorized = unauthorizedRequests();
        String serial = Pem.readCertificate(Files.readString(node.state("pki/node.crt"))).getSerialNumber()
                .toString(16);

        String revoked = kubenodectl.revoke(node.name());
        String applied = applyNodeSysctl(node.name(), "net.ipv4.ip_forward", "0");

        assertThat(revoked).contains("node " + node.name() + ": revoked 1 certificate", "serial " + serial);
        assertThat(applied).contains(node.name() + " (generation 2)");
        await("the agent to learn it is revoked").atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
            Metrics metrics = agent.metrics();
            assertThat(metrics.value("kubenode_agent_certificate_revoked")).isEqualTo(1);
            assertThat(metrics.value("kubenode_agent_controller_connected")).isZero();
        });
        assertThat(agent.metrics().value("kubenode_agent_catalog_generation"))
                .as("the generation the revoked agent holds: none published after the revocation reaches it")
                .isEqualTo(1);
        assertThat(agent.log()).contains("certificate is REVOKED");
        assertThat(unauthorizedRequests()).as("401 answers to the node's requests").isGreaterThan(unauthorized);
        ExternalCommand.Result asTheNode = requestAsNode(node, "/api/v1/nodes/" + node.name() + "/catalog");
        assertThat(asTheNode.stdout()).as(asTheNode.describe()).contains("\"certificate_revoked\"").endsWith("401");
        NodeSummary summary = kubenodectl.node(node.name());
        assertThat(summary.revoked()).as("the controller's summary").isTrue();
        assertCorrectsDrift(node, agent);
    }

    /**
     * When the stopped controller last heard from {@code node}, from the status snapshot it wrote at SIGTERM (so a
     * later lastSeen can only come from a report to its successor).
     */
    private static Instant snapshotReceivedAt(String node) throws IOException {
        JsonNode snapshot = Documents.json().readTree(controller.dataDir().resolve(ControllerAssembly.STATUS_SNAPSHOT)
                .toFile());
        assertThat(snapshot.has(node)).as("the status snapshot written at SIGTERM holds " + node + ": " + snapshot)
                .isTrue();
        return Instant.parse(snapshot.get(node).get("receivedAt").asText());
    }

    /** A token for {@code name}, enrolled by the CA pin on a fresh sandbox machine. */
    private SandboxNode enrolled(String name) throws IOException, InterruptedException {
        return controller.enrolledNode(dir.resolve(name), name);
    }

    private AgentProcess run(SandboxNode node) throws IOException {
        AgentProcess agent = node.run();
        agents.add(agent);
        return agent;
    }

    /** GET {@code path} with curl, an independent TLS client, presenting the node's key and certificate. */
    private static ExternalCommand.Result requestAsNode(SandboxNode node, String path)
            throws IOException, InterruptedException {
        return node.request(controller.url() + path, node.state("pki/node.crt"), node.state("pki/node.key"));
    }

    /** Waits until kubenodectl shows {@code name} converged at {@code generation}, its desired one. */
    private static NodeSummary awaitConverged(String name, long generation) {
        AtomicReference<NodeSummary> last = new AtomicReference<>();
        await(name + " converged at generation " + generation).atMost(CONVERGE_WITHIN)
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    NodeSummary summary = kubenodectl.node(name);
                    last.set(summary);
                    assertThat(summary.desiredGeneration()).as("desired generation").isEqualTo(generation);
                    assertThat(summary.appliedGeneration()).as("applied generation").isEqualTo(generation);
                    assertThat(summary.converged()).as("converged").isTrue();
                });
        return last.get();
    }

    /** A managed sysctl and a managed file changed behind the agent's back are put back by its next passes. */
    private static void assertCorrectsDrift(SandboxNode node, AgentProcess agent) throws IOException {
        Metrics before = agent.metrics();
        double sysctlDrift = before.value("kubenode_agent_drift_corrections_total", Map.of("type", "sysctl"));
        double fileDrift = before.value("kubenode_agent_drift_corrections_total", Map.of("type", "file"));

        Files.writeString(node.file(IP_FORWARD), "0\n");
        Files.writeString(node.file(SYSCTL_CONF), "# edited by hand\n");

        await("drift on " + node.name() + " corrected").atMost(CORRECTED_WITHIN).untilAsserted(() -> {
            assertThat(Files.readString(node.file(IP_FORWARD)).strip()).isEqualTo("1");
            assertThat(node.file(SYSCTL_CONF)).content().contains("net.ipv4.ip_forward = 1");
            Metrics after = agent.metrics();
            assertThat(after.value("kubenode_agent_drift_corrections_total", Map.of("type", "sysctl")))
                    .isGreaterThan(sysctlDrift);
            assertThat(after.value("kubenode_agent_drift_corrections_total", Map.of("type", "file")))
                    .isGreaterThan(fileDrift);
        });
    }

    /**
     * Applies the stored cluster document with one node-level sysctl added for {@code node} (overriding
     * spec.host's); every change builds on the previous ones, so tests may run in any order. kubenodectl's output.
     */
    private static String applyNodeSysctl(String node, String key, String value) throws IOException {
        String line = clusterText.lines().filter(each -> each.contains("{name: " + node + ",")).findFirst()
                .orElseThrow(() -> new AssertionError(node + " is not in the cluster document"));
        String changed = clusterText.replace(line, line.substring(0, line.lastIndexOf('}')) + ", sysctl: {" + key
                + ": \"" + value + "\"}}");
        Path file = dir.resolve("cluster-" + node + ".yaml");
        Files.writeString(file, changed);
        String applied = kubenodectl.apply(file);
        clusterText = changed;
        return applied;
    }

    private static double acceptedEnrollments() {
        return controller.metrics().value("kubenode_controller_enrollments_total", Map.of("result", "accepted"));
    }

    private static double enrollRequests() {
        return controller.metrics().sum("kubenode_controller_http_requests_total", Map.of("route", "/api/v1/enroll"));
    }

    private static double unauthorizedRequests() {
        return controller.metrics().sum("kubenode_controller_http_requests_total", Map.of("code", "401"));
    }

    /** The same pin with its last hex digit changed. */
    private static String otherPin(String pin) {
        char last = pin.charAt(pin.length() - 1);
        return pin.substring(0, pin.length() - 1) + (last == '0' ? '1' : '0');
    }
}
