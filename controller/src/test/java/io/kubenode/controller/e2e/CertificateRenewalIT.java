package io.kubenode.controller.e2e;

import io.kubenode.common.pki.CertificateAuthority;
import io.kubenode.common.pki.KeyPairs;
import io.kubenode.common.pki.Pem;
import io.kubenode.common.status.NodeSummary;
import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.realcheck.ExternalCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Node certificate renewal with real processes and nothing faked: {@code kubenode-controller serve
 * --node-certificate-lifetime 1m} (the shortest it allows) and a sandboxed {@code kubenode-agent run}. The agent
 * renews on its own schedule (70-90 % of each certificate's lifetime), twice within about two minutes, without a
 * restart; its requests move to each new certificate, while the controller refuses a certificate once it expired.
 * A controller of its own: every node certificate it signs lives a minute.
 */
class CertificateRenewalIT {
    private static final Duration LIFETIME = Duration.ofMinutes(1);
    /** The renewal window (70-90 % of the lifetime), widened for request latency and scheduling on a busy host. */
    private static final double EARLIEST = 0.65;
    private static final double LATEST = 0.95;
    /** A renewal is due by 90 % of the lifetime; the slack covers a loaded machine. */
    private static final Duration RENEWED_WITHIN = LIFETIME.plusSeconds(20);
    private static final String NODE = "node1.internal";

    @TempDir
    static Path dir;

    private static ControllerFixture controller;
    private static Kubenodectl kubenodectl;

    /** One certificate the node held, with copies of its files taken while it was the current one. */
    private record Held(X509Certificate certificate, Path certificateFile, Path keyFile) {
        BigInteger serial() {
            return certificate.getSerialNumber();
        }

        Instant issuedAt() {
            return CertificateAuthority.issuedAt(certificate);
        }

        Instant notAfter() {
            return certificate.getNotAfter().toInstant();
        }

        /** Short, for failure messages (awaitility prints the value it last saw). */
        @Override
        public String toString() {
            return "serial " + serial().toString(16) + " (" + issuedAt() + " to " + notAfter() + ")";
        }

        /** Where in this certificate's lifetime {@code at} falls: 0 at issue, 1 at expiry. */
        double fractionOfLifetime(Instant at) {
            return (double) Duration.between(issuedAt(), at).toMillis()
                    / Duration.between(issuedAt(), notAfter()).toMillis();
        }
    }

    @BeforeAll
    static void startControllerWithOneMinuteNodeCertificates() throws Exception {
        controller = ControllerFixture.initAndServe(dir.resolve("controller"), "--node-certificate-lifetime", "1m");
        kubenodectl = controller.kubenodectl();
        assertThat(kubenodectl.apply(SeedCluster.exampleFile())).contains(NODE + " (generation 1)");
    }

    @AfterAll
    static void stopController() {
        if (controller != null) {
            controller.close();
        }
    }

    @Test
    void aRunningAgentRenewsTwiceOnItsScheduleUsesEachNewCertificateAndItsExpiredOnesAreRefused() throws Exception {
        SandboxNode node = controller.enrolledNode(dir.resolve(NODE), NODE);
        Held enrolled = current(node, "enrolled").orElseThrow();
        assertThat(Duration.between(enrolled.issuedAt(), enrolled.notAfter())).as("the enrolled certificate's lifetime"
                + " (whole seconds)").isBetween(LIFETIME.minusSeconds(1), LIFETIME.plusSeconds(1));
        double renewalsBefore = acceptedRenewals();

        try (AgentProcess agent = node.run()) {
            long pid = agent.pid();
            Held first = awaitRenewal(node, enrolled, "renewed-1");
            assertThat(Instant.now()).as("the old certificate is still valid after the first renewal")
                    .isBefore(enrolled.notAfter());
            assertThat(requestWith(node, enrolled)).as("the enrolled certificate, not yet expired").endsWith("200");

            Held second = awaitRenewal(node, first, "renewed-2");

            assertThat(List.of(renewalPoint(enrolled, first), renewalPoint(first, second)))
                    .as("when each certificate was renewed, as a fraction of its lifetime")
                    .allSatisfy(fraction -> assertThat(fraction).isBetween(EARLIEST, LATEST));
            awaitExpiry(enrolled);
            double watchesBefore = unchangedCatalogWatches();
            assertRefused(node, enrolled);
            awaitExpiry(first);
            assertRefused(node, first);
            Held now = current(node, "now").orElseThrow();
            assertThat(requestWith(node, now)).as("the node's current certificate").endsWith("200");
            assertTheAgentStillReportsAfter(first.notAfter(), agent);
            // the agent watches one long poll at a time: the second answer counted from here is to a request made
            // after the enrolled certificate expired
            await("two catalog watches answered after serial " + enrolled.serial().toString(16) + " expired")
                    .atMost(Duration.ofSeconds(70)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> unchangedCatalogWatches() >= watchesBefore + 2);

            assertThat(agent.isAlive()).as("the agent process").isTrue();
            assertThat(agent.pid()).as("the same agent process throughout: no restart").isEqualTo(pid);
            assertThat(agent.metrics().value("kubenode_agent_certificate_expiry_timestamp_seconds"))
                    .as("the agent's certificate expiry, from the enrolled certificate's on")
                    .isGreaterThanOrEqualTo(second.notAfter().getEpochSecond())
                    .isGreaterThan(enrolled.notAfter().getEpochSecond());
            assertThat(acceptedRenewals() - renewalsBefore).as("renewals the controller accepted")
                    .isGreaterThanOrEqualTo(2);
            NodeSummary summary = kubenodectl.node(NODE);
            assertThat(Instant.parse(summary.certificateExpires())).as("the controller's view of the node's expiry")
                    .isAfterOrEqualTo(second.notAfter().minusSeconds(1));
            String audit = kubenodectl.audit(100);
            assertThat(audit.lines().filter(line -> line.contains("node.renew")))
                    .as("the audit log records the serials of both renewals:\n" + audit)
                    .anySatisfy(line -> assertThat(line).contains(NODE, "serial " + first.serial().toString(16)))
                    .anySatisfy(line -> assertThat(line).contains(NODE, "serial " + second.serial().toString(16)));
            assertThat(agent.log()).as("the agent's log").contains("node certificate renewed: serial "
                    + first.serial().toString(16), "node certificate renewed: serial " + second.serial().toString(16));
        }
    }

    /** The fraction of {@code before}'s lifetime at which {@code after} replaced it. */
    private static double renewalPoint(Held before, Held after) {
        double fraction = before.fractionOfLifetime(after.issuedAt());
        System.out.printf("CertificateRenewalIT: serial %s renewed at %.2f of its lifetime%n",
                before.serial().toString(16), fraction);
        return fraction;
    }

    /** Waits for the agent's state dir to hold a certificate other than {@code previous}; copies it as {@code label}. */
    private static Held awaitRenewal(SandboxNode node, Held previous, String label) {
        return await("a certificate renewing serial " + previous.serial().toString(16)).atMost(RENEWED_WITHIN)
                .pollInterval(Duration.ofMillis(200)).until(() -> current(node, label),
                        held -> held.isPresent() && !held.get().serial().equals(previous.serial()))
                .orElseThrow();
    }

    /**
     * The node's key and certificate now, copied under {@code label}; empty while the agent is between the two
     * writes of a swap (the key does not belong to the certificate yet).
     */
    private static Optional<Held> current(SandboxNode node, String label) throws IOException {
        byte[] key = Files.readAllBytes(node.state("pki/node.key"));
        byte[] certificateBytes = Files.readAllBytes(node.state("pki/node.crt"));
        X509Certificate certificate = Pem.readCertificate(new String(certificateBytes));
        if (!KeyPairs.matches(Pem.readPrivateKey(new String(key)), certificate.getPublicKey())) {
            return Optional.empty();
        }
        Path copies = Files.createDirectories(dir.resolve("held"));
        Path certificateFile = Files.write(copies.resolve(label + ".crt"), certificateBytes);
        Path keyFile = Files.write(copies.resolve(label + ".key"), key);
        return Optional.of(new Held(certificate, certificateFile, keyFile));
    }

    /** Sleeps until {@code held} expired (two seconds past its notAfter, for the controller's clock). */
    private static void awaitExpiry(Held held) throws InterruptedException {
        Duration left = Duration.between(Instant.now(), held.notAfter().plusSeconds(2));
        if (!left.isNegative()) {
            Thread.sleep(left.toMillis());
        }
    }

    /** An expired certificate gets nothing: the TLS handshake fails, or the controller answers 401. */
    private static void assertRefused(SandboxNode node, Held expired) throws IOException, InterruptedException {
        ExternalCommand.Result result = request(node, expired);
        assertThat(result.exitCode() != 0 || result.stdout().endsWith("401"))
                .as("serial " + expired.serial().toString(16) + " after it expired: " + result.describe()).isTrue();
    }

    /** The catalog the node may read, requested with {@code held}; curl's stdout (the status code last). */
    private static String requestWith(SandboxNode node, Held held) throws IOException, InterruptedException {
        ExternalCommand.Result result = request(node, held);
        assertThat(result.exitCode()).as(result.describe()).isZero();
        return result.stdout();
    }

    private static ExternalCommand.Result request(SandboxNode node, Held held)
            throws IOException, InterruptedException {
        return node.request(controller.url() + "/api/v1/nodes/" + NODE + "/catalog?after=0&wait=0",
                held.certificateFile(), held.keyFile());
    }

    /**
     * Once {@code expired} has passed, the controller still takes the agent's statuses and answers its catalog
     * watch: only a certificate the agent switched to can do that (the controller refuses an expired one, on a new
     * connection and on one kept alive).
     */
    private static void assertTheAgentStillReportsAfter(Instant expired, AgentProcess agent) {
        double statuses = controller.metrics().sum("kubenode_controller_http_requests_total",
                Map.of("route", "/api/v1/nodes/{name}/status", "code", "204"));
        await("a status report after " + expired).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    assertThat(Instant.parse(kubenodectl.node(NODE).lastSeen())).isAfter(expired);
                    assertThat(controller.metrics().sum("kubenode_controller_http_requests_total",
                            Map.of("route", "/api/v1/nodes/{name}/status", "code", "204"))).isGreaterThan(statuses);
                });
        assertThat(agent.metrics().value("kubenode_agent_controller_connected")).isEqualTo(1);
    }

    /** The catalog long polls that ran out (304): the agent's watch, not the test's own requests (200). */
    private static double unchangedCatalogWatches() {
        return controller.metrics().sum("kubenode_controller_http_requests_total",
                Map.of("route", "/api/v1/nodes/{name}/catalog", "code", "304"));
    }

    private static double acceptedRenewals() {
        return controller.metrics().value("kubenode_controller_certificate_renewals_total",
                Map.of("result", "accepted"));
    }
}
