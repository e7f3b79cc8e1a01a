package io.kubenode.controller.monitoring;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.status.Facts;
import io.kubenode.common.status.MetricsEndpoint;
import io.kubenode.common.status.NodeStatus;
import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.node.ReceivedStatus;
import io.kubenode.controller.store.IssuedCertificate;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Who Prometheus is told to scrape, and where, from the seed's cluster and what the nodes reported. */
class ScrapeTargetsTest {
    private static final Instant NOW = Instant.parse("2026-12-05T04:00:00Z");
    private static final MetricsEndpoint EVERY_ADDRESS = new MetricsEndpoint("http", "0.0.0.0", 9105);
    private static final Optional<Cluster> SEED = Optional.of(SeedCluster.load());

    private final Map<String, ReceivedStatus> statuses = new LinkedHashMap<>();
    private final List<IssuedCertificate> issued = new ArrayList<>();

    @Test
    void anEnrolledNodeListeningEverywhereIsScrapedAtItsDocumentAddressWithItsLabels() {
        enrolled("node1.internal", false, NOW.plusSeconds(3600));
        reported("node1.internal", EVERY_ADDRESS, "10.9.9.9");
        enrolled("node4.internal", false, NOW.plusSeconds(3600));
        reported("node4.internal", new MetricsEndpoint("http", "::", 9200), null);

        List<ScrapeTargets.TargetGroup> groups = ScrapeTargets.of(SEED, statuses, issued, null, "", NOW);

        assertThat(groups).containsExactly(
                new ScrapeTargets.TargetGroup(List.of("192.168.0.61:9105"), Map.of("__scheme__", "http",
                        "cluster", "lab", "node", "node1.internal", "role", "control-plane")),
                new ScrapeTargets.TargetGroup(List.of("192.168.0.64:9200"), Map.of("__scheme__", "http",
                        "cluster", "lab", "node", "node4.internal", "role", "worker")));
    }

    @Test
    void anAgentBoundToOneAddressIsScrapedThereInBracketsForIpv6() {
        enrolled("node1.internal", false, NOW.plusSeconds(3600));
        reported("node1.internal", new MetricsEndpoint("http", "127.0.1.61", 41234), null);
        enrolled("node2.internal", false, NOW.plusSeconds(3600));
        reported("node2.internal", new MetricsEndpoint("http", "fd00::2", 9105), null);

        assertThat(ScrapeTargets.of(SEED, statuses, issued, null, "", NOW))
                .flatExtracting(ScrapeTargets.TargetGroup::targets)
                .containsExactly("127.0.1.61:41234", "[fd00::2]:9105");
    }

    @Test
    void revokedExpiredUnreportedAndNeverEnrolledNodesAreNotScraped() {
        enrolled("node1.internal", true, NOW.plusSeconds(3600));
        reported("node1.internal", EVERY_ADDRESS, null);
        enrolled("node2.internal", false, NOW.minusSeconds(1));
        reported("node2.internal", EVERY_ADDRESS, null);
        enrolled("node3.internal", false, NOW.plusSeconds(3600));
        reported("node4.internal", EVERY_ADDRESS, null);
        statuses.put("node5.internal", ReceivedStatus.at(status("node5.internal", null, null), NOW));
        enrolled("node5.internal", false, NOW.plusSeconds(3600));

        assertThat(ScrapeTargets.of(SEED, statuses, issued, null, "", NOW)).as("revoked; expired; no status; "
                + "never enrolled; an agent that does not report its endpoint").isEmpty();
    }

    @Test
    void aNodeRenewedAfterARevokedCertificateIsScrapedAgain() {
        enrolled("node1.internal", true, NOW.plusSeconds(3600));
        enrolled("node1.internal", false, NOW.plusSeconds(7200));
        reported("node1.internal", EVERY_ADDRESS, null);

        assertThat(ScrapeTargets.of(SEED, statuses, issued, null, "", NOW)).hasSize(1);
    }

    @Test
    void aNodeTheDocumentDoesNotNameIsUnassignedAtTheFirstAddressOthersCanReach() {
        enrolled("spare.internal", false, NOW.plusSeconds(3600));
        reported("spare.internal", EVERY_ADDRESS, "192.0.2.77");
        enrolled("lonely.internal", false, NOW.plusSeconds(3600));
        reported("lonely.internal", EVERY_ADDRESS, null);

        assertThat(ScrapeTargets.of(SEED, statuses, issued, null, "", NOW)).as("lonely reported only loopback and "
                + "link-local addresses: nowhere to scrape it").containsExactly(new ScrapeTargets.TargetGroup(
                List.of("192.0.2.77:9105"), Map.of("__scheme__", "http", "cluster", "lab", "node", "spare.internal",
                        "role", ScrapeTargets.UNASSIGNED_ROLE)));
        assertThat(ScrapeTargets.of(Optional.empty(), statuses, issued, null, "", NOW))
                .extracting(group -> group.labels().get("cluster")).containsOnly("");
    }

    @Test
    void theControllerIsScrapedWhereTheAskerReachedItOrAtItsOwnAddress() {
        MetricsEndpoint everywhere = new MetricsEndpoint("http", "0.0.0.0", 9106);

        assertThat(ScrapeTargets.of(SEED, statuses, issued, everywhere, "controller.internal:9443", NOW))
                .containsExactly(new ScrapeTargets.TargetGroup(List.of("controller.internal:9106"),
                        Map.of("__scheme__", "http", "cluster", "lab", "role", ScrapeTargets.CONTROLLER_ROLE)));
        assertThat(ScrapeTargets.of(SEED, statuses, issued, everywhere, "[fd00::1]:9443", NOW))
                .flatExtracting(ScrapeTargets.TargetGroup::targets).containsExactly("[fd00::1]:9106");
        assertThat(ScrapeTargets.of(SEED, statuses, issued, new MetricsEndpoint("http", "127.0.0.1", 41000),
                "controller.internal:9443", NOW)).flatExtracting(ScrapeTargets.TargetGroup::targets)
                .containsExactly("127.0.0.1:41000");
    }

    private void enrolled(String node, boolean revoked, Instant notAfter) {
        issued.add(new IssuedCertificate(node, BigInteger.valueOf(issued.size() + 1), notAfter,
                NOW.minusSeconds(60), revoked, IssuedCertificate.Kind.NODE));
    }

    private void reported(String node, MetricsEndpoint endpoint, String address) {
        statuses.put(node, ReceivedStatus.at(status(node, endpoint, address), NOW));
    }

    /** A status with the endpoint and facts listing loopback, link-local and {@code address} (if any). */
    private static NodeStatus status(String node, MetricsEndpoint endpoint, String address) {
        List<String> addresses = new ArrayList<>(List.of("127.0.0.1", "::1", "fe80::1"));
        if (address != null) {
            addresses.add(address);
        }
        Facts facts = new Facts(node, null, null, List.of(new Facts.NetworkInterfaceFacts("lo", null,
                List.of("127.0.0.1", "::1")), new Facts.NetworkInterfaceFacts("eth0", "52:54:00:00:00:01",
                addresses.subList(2, addresses.size()))), 2, 1L << 31, 0, "6.1", "centos", "9", "rhel", "Enforcing", 2,
                null, null, null, null, null);
        return new NodeStatus(node, 1, 1, "sha256:x", true, false, NOW.toString(), null, Map.of(), List.of(),
                List.of(), facts, endpoint);
    }
}
