package io.kubenode.controller.orchestration.preflight;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.HostSpec;
import io.kubenode.common.status.Facts;
import io.kubenode.common.status.NodeStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.kubenode.controller.orchestration.preflight.PreflightFixtures.firewalld;
import static io.kubenode.controller.orchestration.preflight.PreflightFixtures.healthy;
import static io.kubenode.controller.orchestration.preflight.PreflightFixtures.seed;
import static io.kubenode.controller.orchestration.preflight.PreflightFixtures.withFacts;
import static io.kubenode.controller.orchestration.preflight.PreflightFixtures.withFirewall;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code FirewallPorts}: with {@code spec.host.firewall: none} a running firewalld must already let in what the
 * node's role needs; anything else about the firewall is not this check's business.
 */
class FirewallPreflightTest {
    private static final String CP1 = "node1.internal";
    private static final String WORKER4 = "node4.internal";
    private static final List<String> CONTROL_PLANE = List.of("6443/tcp", "8888/tcp", "2379-2380/tcp", "10250/tcp",
            "10259/tcp", "10257/tcp", "8472/udp");
    private static final List<String> WORKER = List.of("10250/tcp", "10256/tcp", "30000-32767/tcp", "8472/udp");
    private static final List<String> VRRP_FROM_PEERS = List.of(
            "rule family=\"ipv4\" source address=\"192.168.0.62\" protocol value=\"vrrp\" accept",
            "rule family=\"ipv4\" source address=\"192.168.0.63\" protocol value=\"vrrp\" accept");

    /** One row: the mode, what one node's firewall lets in, and the closed openings named (none: it passes). */
    record Row(String name, String mode, Boolean nodePorts, String node, Facts.FirewallFacts firewall,
               String closed) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("none, every port and VRRP from each peer open: passes", "none", null, CP1,
                        firewalld(CONTROL_PLANE, List.of(), VRRP_FROM_PEERS), null),
                new Row("none, etcd's range closed on a control plane", "none", null, CP1,
                        firewalld(without(CONTROL_PLANE, "2379-2380/tcp"), List.of(), VRRP_FROM_PEERS),
                        "2379-2380/tcp"),
                new Row("none, only half of etcd's range open", "none", null, CP1,
                        firewalld(with(without(CONTROL_PLANE, "2379-2380/tcp"), "2379/tcp"), List.of(),
                                VRRP_FROM_PEERS), "2379-2380/tcp"),
                new Row("none, single ports and split ranges cover the ranges", "none", null, CP1,
                        firewalld(with(without(CONTROL_PLANE, "2379-2380/tcp"), "2380/tcp", "2379/tcp"), List.of(),
                                VRRP_FROM_PEERS), null),
                new Row("none, a wide range covers single ports", "none", null, WORKER4,
                        firewalld(List.of("1-65535/tcp", "8472/udp"), List.of(), List.of()), null),
                new Row("none, VXLAN open for tcp is not open for udp", "none", null, WORKER4,
                        firewalld(List.of("10250/tcp", "10256/tcp", "30000-32767/tcp", "8472/tcp"), List.of(),
                                List.of()), "8472/udp"),
                new Row("none, a worker with nothing open names every port", "none", null, WORKER4,
                        firewalld(List.of(), List.of(), List.of()),
                        "10250/tcp, 10256/tcp, 30000-32767/tcp, 8472/udp"),
                new Row("none, NodePorts split in two ranges", "none", null, WORKER4,
                        firewalld(List.of("10250/tcp", "10256/tcp", "30000-31000/tcp", "31001-32767/tcp",
                                "8472/udp"), List.of(), List.of()), null),
                new Row("none, NodePorts short by one port", "none", null, WORKER4,
                        firewalld(List.of("10250/tcp", "10256/tcp", "30000-32766/tcp", "8472/udp"), List.of(),
                                List.of()), "30000-32767/tcp"),
                new Row("none with nodePorts false: the range is not required", "none", false, WORKER4,
                        firewalld(List.of("10250/tcp", "10256/tcp", "8472/udp"), List.of(), List.of()), null),
                new Row("none, VRRP from one peer only", "none", null, CP1,
                        firewalld(CONTROL_PLANE, List.of(), VRRP_FROM_PEERS.subList(0, 1)),
                        "vrrp from 192.168.0.63"),
                new Row("none, VRRP opened as a protocol from anywhere", "none", null, CP1,
                        firewalld(CONTROL_PLANE, List.of("vrrp"), List.of()), null),
                new Row("none, VRRP by its number 112 from the peers' network", "none", null, CP1,
                        firewalld(CONTROL_PLANE, List.of(), List.of("rule family=\"ipv4\" source "
                                + "address=\"192.168.0.0/24\" protocol value=\"112\" accept")), null),
                new Row("none, a VRRP rule without source accepts every peer", "none", null, CP1,
                        firewalld(CONTROL_PLANE, List.of(), List.of("rule protocol value=\"vrrp\" accept")), null),
                new Row("none, a NOT-source VRRP rule does not accept the peers", "none", null, CP1,
                        firewalld(CONTROL_PLANE, List.of(), List.of("rule family=\"ipv4\" source NOT "
                                + "address=\"192.168.0.62\" protocol value=\"vrrp\" accept")),
                        "vrrp from 192.168.0.62, vrrp from 192.168.0.63"),
                new Row("none, a VRRP rule from an ipset cannot be judged and is not counted", "none", null, CP1,
                        firewalld(CONTROL_PLANE, List.of(), List.of("rule family=\"ipv4\" source "
                                + "ipset=\"peers\" protocol value=\"vrrp\" accept")),
                        "vrrp from 192.168.0.62, vrrp from 192.168.0.63"),
                new Row("none, a VRRP rule for another destination is not counted", "none", null, CP1,
                        firewalld(CONTROL_PLANE, List.of(), List.of("rule family=\"ipv4\" destination "
                                + "address=\"192.168.0.66\" protocol value=\"vrrp\" accept")),
                        "vrrp from 192.168.0.62, vrrp from 192.168.0.63"),
                new Row("none, a VRRP rule that drops does not accept", "none", null, CP1,
                        firewalld(CONTROL_PLANE, List.of(), List.of("rule family=\"ipv4\" source "
                                + "address=\"192.168.0.62\" protocol value=\"vrrp\" drop", VRRP_FROM_PEERS.get(1))),
                        "vrrp from 192.168.0.62"),
                new Row("none, an IPv6-only VRRP rule does not accept IPv4 peers", "none", null, CP1,
                        firewalld(CONTROL_PLANE, List.of(), List.of("rule family=\"ipv6\" protocol value=\"vrrp\" "
                                + "accept")), "vrrp from 192.168.0.62, vrrp from 192.168.0.63"),
                new Row("none, zone target ACCEPT lets everything in", "none", null, WORKER4,
                        new Facts.FirewallFacts("firewalld", true, "trusted", "ACCEPT", List.of(), List.of(),
                                List.of()), null),
                new Row("none, firewalld installed but not running", "none", null, WORKER4,
                        new Facts.FirewallFacts("firewalld", false, null, null, List.of(), List.of(), List.of()),
                        null),
                new Row("none, no firewall installed", "none", null, WORKER4,
                        new Facts.FirewallFacts("none", false, null, null, List.of(), List.of(), List.of()), null),
                new Row("none, an agent that reports no firewall facts (older) is not failed", "none", null,
                        WORKER4, null, null),
                new Row("auto, everything closed: the agent opens it itself", "auto", null, WORKER4,
                        firewalld(List.of(), List.of(), List.of()), null),
                new Row("firewalld, everything closed: the agent opens it itself", "firewalld", null, CP1,
                        firewalld(List.of(), List.of(), List.of()), null),
                new Row("the default mode is auto", null, null, CP1, firewalld(List.of(), List.of(), List.of()),
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void aClosedPortFailsOnlyWhenTheFirewallIsNotOursAndRuns(Row row) {
        Cluster cluster = withFirewall(seed(), row.mode(), row.nodePorts());
        Map<String, NodeStatus> statuses = new LinkedHashMap<>(healthy(seed()));
        statuses.put(row.node(), withFacts(statuses.get(row.node()), facts -> facts.firewall(row.firewall())));

        PreflightResult result = ClusterPreflight.check(cluster, statuses);

        if (row.closed() == null) {
            assertThat(result.failures()).as(row.name()).isEmpty();
            assertThat(result.node(row.node()).orElseThrow().passed()).contains(PreflightCheck.FIREWALL_PORTS);
            return;
        }
        assertThat(result.failures()).as(row.name()).hasSize(1);
        PreflightFailure failure = result.failures().get(0);
        assertThat(failure.node()).isEqualTo(row.node());
        assertThat(failure.check()).isEqualTo(PreflightCheck.FIREWALL_PORTS);
        assertThat(failure.permanent()).as("a person must open them").isTrue();
        assertThat(failure.saw()).endsWith("does not let in " + row.closed()).contains("zone public");
        assertThat(result.node(row.node()).orElseThrow().verdict()).isEqualTo(NodePreflight.Verdict.FAILED);
    }

    @Test
    void theMessageNamesTheNodeThePortsAndTheZoneAndHowToOpenThem() {
        Cluster cluster = withFirewall(seed(), HostSpec.FIREWALL_NONE, null);
        Map<String, NodeStatus> statuses = new LinkedHashMap<>(healthy(seed()));
        statuses.put(WORKER4, withFacts(statuses.get(WORKER4), facts -> facts.firewall(firewalld(
                List.of("ssh/tcp-is-not-a-port", "22/tcp", "10250/tcp"), List.of(), List.of()))));

        PreflightResult result = ClusterPreflight.check(cluster, statuses);

        assertThat(result.failures()).extracting(PreflightFailure::message).containsExactly(
                "node4.internal: FirewallPorts: spec.host.firewall is none and firewalld's zone public (target "
                        + "default) does not let in 10256/tcp, 30000-32767/tcp, 8472/udp; expected them open in zone "
                        + "public (firewall-cmd --zone=public --add-port=PORT/PROTOCOL, at runtime and with "
                        + "--permanent; VRRP as a rich rule from each peer), or spec.host.firewall auto so that "
                        + "kubenode opens them");
        assertThat(result.failedPermanently()).isTrue();
    }

    @Test
    void aZoneNotReportedIsSaidSoAndTheCommandHasNoZoneOption() {
        Cluster cluster = withFirewall(seed(), HostSpec.FIREWALL_NONE, null);
        Map<String, NodeStatus> statuses = new LinkedHashMap<>(healthy(seed()));
        statuses.put(WORKER4, withFacts(statuses.get(WORKER4), facts -> facts.firewall(new Facts.FirewallFacts(
                "firewalld", true, null, null, List.of("10250/tcp", "10256/tcp", "30000-32767/tcp"), List.of(),
                List.of()))));

        PreflightFailure failure = ClusterPreflight.check(cluster, statuses).failures().get(0);

        assertThat(failure.saw()).isEqualTo("spec.host.firewall is none and firewalld's zone (zone not reported) "
                + "(target not reported) does not let in 8472/udp");
        assertThat(failure.expected()).contains("(firewall-cmd --add-port=PORT/PROTOCOL,");
    }

    @Test
    void everyNodeIsCheckedAgainstItsOwnRole() {
        Cluster cluster = withFirewall(seed(), HostSpec.FIREWALL_NONE, null);
        Map<String, NodeStatus> statuses = new LinkedHashMap<>(healthy(seed()));
        statuses.replaceAll((name, status) -> withFacts(status, facts -> facts.firewall(
                firewalld(WORKER, List.of(), List.of()))));

        PreflightResult result = ClusterPreflight.check(cluster, statuses);

        assertThat(result.failures()).extracting(PreflightFailure::node)
                .containsExactly("node1.internal", "node2.internal", "node3.internal");
        assertThat(result.failures().get(0).saw()).endsWith("does not let in 6443/tcp, 8888/tcp, 2379-2380/tcp, "
                + "10259/tcp, 10257/tcp, vrrp from 192.168.0.62, vrrp from 192.168.0.63");
    }

    private static List<String> without(List<String> ports, String port) {
        return ports.stream().filter(each -> !each.equals(port)).toList();
    }

    private static List<String> with(List<String> ports, String... more) {
        return Stream.concat(ports.stream(), Stream.of(more)).toList();
    }
}
