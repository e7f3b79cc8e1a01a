package io.kubenode.agent.resource.firewall;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parsers against firewalld 1.3.3's real output (captured in a booted Debian 12 container). */
class ZoneSettingsTest {

    @Test
    void aFreshZoneHasItsServicesAndNoPortsOrRules() throws IOException {
        ZoneSettings runtime = ZoneSettings.parse(captured("list-all-runtime-fresh.txt"));
        ZoneSettings permanent = ZoneSettings.parse(captured("list-all-permanent-fresh.txt"));

        assertThat(runtime).isEqualTo(new ZoneSettings("public", "default", List.of("dhcpv6-client", "ssh"),
                List.of(), List.of(), List.of()));
        assertThat(permanent).isEqualTo(runtime);
        assertThat(runtime.items()).isEmpty();
    }

    @Test
    void portsRangesServicesProtocolsAndRichRulesAreReadAsPrinted() throws IOException {
        ZoneSettings zone = ZoneSettings.parse(captured("list-all-runtime-ports-services-protocols-rules.txt"));

        assertThat(zone.services()).containsExactly("dhcpv6-client", "http", "ssh");
        assertThat(zone.ports()).containsExactly("6443/tcp", "30000-32767/tcp", "8472/udp");
        assertThat(zone.protocols()).containsExactly("vrrp");
        assertThat(zone.richRules()).containsExactly(
                "rule family=\"ipv4\" source address=\"192.0.2.62\" protocol value=\"vrrp\" accept",
                "rule family=\"ipv4\" source address=\"192.0.2.63\" protocol value=\"vrrp\" accept",
                "rule family=\"ipv6\" source address=\"2001:db8:0:0::62\" protocol value=\"vrrp\" accept");
    }

    @Test
    void theRichRuleTheAgentWritesIsExactlyTheOneFirewalldPrints() throws IOException {
        ZoneSettings zone = ZoneSettings.parse(captured("list-all-runtime-ports-services-protocols-rules.txt"));

        assertThat(zone.items()).contains(FirewallItem.protocolFrom("vrrp", "192.0.2.62"),
                FirewallItem.protocolFrom("vrrp", "2001:db8:0:0::62"), FirewallItem.port("30000-32767/tcp"));
    }

    @Test
    void thePermanentListingAndAnActiveZoneAndAnEmptyRejectingZoneParse() throws IOException {
        ZoneSettings permanent = ZoneSettings.parse(captured("list-all-permanent-ports-rule.txt"));
        ZoneSettings internal = ZoneSettings.parse(captured("list-all-internal-active.txt"));
        ZoneSettings block = ZoneSettings.parse(captured("list-all-block-empty.txt"));

        assertThat(permanent.ports()).containsExactly("6443/tcp", "2379-2380/tcp");
        assertThat(permanent.richRules()).hasSize(1);
        assertThat(internal.zone()).as("'internal (active)'").isEqualTo("internal");
        assertThat(internal.services()).containsExactly("dhcpv6-client", "mdns", "samba-client", "ssh");
        assertThat(block).isEqualTo(new ZoneSettings("block", "%%REJECT%%", List.of(), List.of(), List.of(),
                List.of()));
    }

    @Test
    void whatIsNotAListingIsRefusedWithTheText() throws IOException {
        String notRunning = captured("list-all-not-running.stderr");

        assertThatThrownBy(() -> ZoneSettings.parse(notRunning)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FirewallD is not running");
        assertThatThrownBy(() -> ZoneSettings.parse("")).hasMessageContaining("no zone line");
        assertThatThrownBy(() -> ZoneSettings.parse("public\n  weird line\n")).hasMessageContaining("weird line");
    }

    @Test
    void servicePortsComeFromInfoService() throws IOException {
        assertThat(ServiceInfo.ports(captured("info-service-ssh.txt"))).containsExactly("22/tcp");
        assertThat(ServiceInfo.ports(captured("info-service-dhcpv6-client.txt"))).containsExactly("546/udp");
        assertThatThrownBy(() -> ServiceInfo.ports("Error: INVALID_SERVICE: nosuch"))
                .hasMessageContaining("no ports line");
    }

    @Test
    void theInterfaceHoldingAnAddressComesFromIpAddr() throws IOException {
        String addresses = captured("ip-o-addr.txt");

        assertThat(InterfaceAddresses.interfaceHolding(addresses, "192.0.2.130")).contains("host0");
        assertThat(InterfaceAddresses.interfaceHolding(addresses, "127.0.0.1")).contains("lo");
        assertThat(InterfaceAddresses.interfaceHolding(addresses, "0:0:0:0:0:0:0:1")).as("compared as addresses")
                .contains("lo");
        assertThat(InterfaceAddresses.interfaceHolding(addresses, "192.0.2.13")).isEmpty();
    }

    static String captured(String name) throws IOException {
        try (InputStream in = ZoneSettingsTest.class.getResourceAsStream("/firewalld/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
