package io.kubenode.agent.resource.firewall;

import io.kubenode.agent.host.LocalHost;
import io.kubenode.common.status.Facts.FirewallFacts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FirewallFactsReaderTest {
    private static final String RULE = "rule family=\"ipv4\" source address=\"192.0.2.62\" protocol value=\"vrrp\" "
            + "accept";

    @Test
    void aRunningFirewalldReportsItsZoneWithServicePortsExpanded(@TempDir Path root) throws Exception {
        FakeFirewalld firewalld = new FakeFirewalld(root);
        firewalld.runtimePorts.add("6443/tcp");
        firewalld.runtimeRules.add(RULE);
        firewalld.permanentPorts.add("9999/tcp");

        FirewallFacts facts = FirewallFactsReader.read(firewalld);

        assertThat(facts).isEqualTo(new FirewallFacts("firewalld", true, "public", "default",
                List.of("6443/tcp", "546/udp", "22/tcp"), List.of(), List.of(RULE)));
        assertThat(firewalld.firewallCommands()).as("runtime only").doesNotContain("--permanent --zone=public "
                + "--list-all");
    }

    @Test
    void theZoneIsTheOneOfTheDefaultRoutesInterface(@TempDir Path root) throws Exception {
        FakeFirewalld firewalld = new FakeFirewalld(root);
        Files.createDirectories(root.resolve("proc/net"));
        Files.writeString(root.resolve("proc/net/route"), "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\t"
                + "Mask\t\tMTU\tWindow\tIRTT\n"
                + "eth1\t0000A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
                + "eth0\t00000000\t0100A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n");

        FirewallFactsReader.read(firewalld);

        assertThat(firewalld.firewallCommands()).containsExactly("--state", "--get-zone-of-interface=eth0",
                "--get-default-zone", "--zone=public --list-all", "--info-service=dhcpv6-client", "--info-service=ssh");
    }

    /**
     * Once a catalog names the node's address, the facts describe the zone the resource opens ports in: that of the
     * interface holding the address (eth0 here), not of the one carrying the default route (eth1), which a node with
     * a separate cluster network has (the seed's nodes keep their cluster address off the default route).
     */
    @Test
    void withTheNodesAddressTheZoneIsTheOneOfTheInterfaceHoldingIt(@TempDir Path root) throws Exception {
        FakeFirewalld firewalld = new FakeFirewalld(root);
        Files.createDirectories(root.resolve("proc/net"));
        Files.writeString(root.resolve("proc/net/route"), "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\t"
                + "Mask\t\tMTU\tWindow\tIRTT\n"
                + "eth1\t00000000\t0100A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n");

        FirewallFactsReader.read(firewalld, java.util.Optional.of("192.0.2.61"));

        assertThat(firewalld.firewallCommands()).contains("--get-zone-of-interface=eth0")
                .doesNotContain("--get-zone-of-interface=eth1");
    }

    @Test
    void aStoppedFirewalldAndNoneAtAllSaySo(@TempDir Path root) throws Exception {
        FakeFirewalld firewalld = new FakeFirewalld(root.resolve("with"));
        firewalld.running = false;

        assertThat(FirewallFactsReader.read(firewalld)).isEqualTo(new FirewallFacts("firewalld", false, null, null,
                List.of(), List.of(), List.of()));
        assertThat(FirewallFactsReader.read(new LocalHost(root.resolve("without")))).isEqualTo(new FirewallFacts(
                "none", false, null, null, List.of(), List.of(), List.of()));
    }
}
