package io.kubenode.common.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class CidrTest {

    @Test
    void parsesNetworkAndPrefix() {
        Cidr cidr = cidr("10.244.0.0/16");

        assertThat(cidr.network()).isEqualTo(ip("10.244.0.0"));
        assertThat(cidr.prefixLength()).isEqualTo(16);
        assertThat(cidr).hasToString("10.244.0.0/16");
    }

    @Test
    void containsAddressesInsideOnly() {
        Cidr cidr = cidr("10.244.0.0/16");

        assertThat(cidr.contains(ip("10.244.0.0"))).isTrue();
        assertThat(cidr.contains(ip("10.244.255.255"))).isTrue();
        assertThat(cidr.contains(ip("10.245.0.0"))).isFalse();
        assertThat(cidr.contains(ip("10.243.255.255"))).isFalse();
    }

    @Test
    void containsLeavesTheAddressUnchanged() {
        IpAddress address = ip("10.244.3.7");

        cidr("10.244.0.0/16").contains(address);

        assertThat(address).hasToString("10.244.3.7");
    }

    @Test
    void ipv4NetworkNeverContainsAnIpv6Address() {
        assertThat(cidr("0.0.0.0/0").contains(ip("::1"))).isFalse();
        assertThat(cidr("::/0").contains(ip("10.0.0.1"))).isFalse();
    }

    @Test
    void zeroPrefixContainsEverythingOfItsFamily() {
        assertThat(cidr("0.0.0.0/0").contains(ip("203.0.113.9"))).isTrue();
    }

    @Test
    void hostPrefixContainsOnlyItself() {
        assertThat(cidr("192.168.0.66/32").contains(ip("192.168.0.66"))).isTrue();
        assertThat(cidr("192.168.0.66/32").contains(ip("192.168.0.67"))).isFalse();
    }

    @Test
    void ipv6NetworkContainsItsAddresses() {
        assertThat(cidr("fd00:10:96::/108").contains(ip("fd00:10:96::a"))).isTrue();
        assertThat(cidr("fd00:10:96::/108").contains(ip("fd00:10:97::a"))).isFalse();
    }

    @Test
    void nestedNetworksOverlapBothWays() {
        assertThat(cidr("10.0.0.0/8").overlaps(cidr("10.244.0.0/16"))).isTrue();
        assertThat(cidr("10.244.0.0/16").overlaps(cidr("10.0.0.0/8"))).isTrue();
        assertThat(cidr("10.244.0.0/16").overlaps(cidr("10.244.0.0/16"))).isTrue();
    }

    @Test
    void disjointNetworksDoNotOverlap() {
        assertThat(cidr("10.96.0.0/12").overlaps(cidr("10.244.0.0/16"))).isFalse();
        assertThat(cidr("10.244.0.0/16").overlaps(cidr("10.245.0.0/16"))).isFalse();
        assertThat(cidr("10.0.0.0/8").overlaps(cidr("fd00::/8"))).isFalse();
    }

    @Test
    void hostBitsSetIsAnErrorSuggestingTheNetwork() {
        Cidr.Parsed parsed = Cidr.parse("10.96.0.1/12");

        assertThat(parsed.cidr()).isEmpty();
        assertThat(parsed.problem()).isEqualTo("host bits are set; did you mean 10.96.0.0/12?");
    }

    @Test
    void ipv6HostBitsSetIsAnError() {
        assertThat(Cidr.parse("fd00::1/64").problem()).isEqualTo("host bits are set; did you mean fd00:0:0:0:0:0:0:0/64?");
    }

    @Test
    void prefixOverTheAddressLengthIsAnError() {
        assertThat(Cidr.parse("10.0.0.0/33").problem()).isEqualTo("prefix length 33 is over 32");
        assertThat(Cidr.parse("fd00::/129").problem()).isEqualTo("prefix length 129 is over 128");
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"10.0.0.0", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/1000", "10.0.0.0/a", "10.0.0/8",
            "example.com/8", "/8", "10.0.0.0/8/8"})
    void malformedCidrIsAnError(String text) {
        Cidr.Parsed parsed = Cidr.parse(text);

        assertThat(parsed.cidr()).isEmpty();
        assertThat(parsed.problem()).isEqualTo("expected a CIDR like 10.244.0.0/16, got '" + text + "'");
    }

    @Test
    void nullIsAnError() {
        assertThat(Cidr.parse(null).problem()).isEqualTo("expected a CIDR like 10.244.0.0/16, got 'null'");
    }

    private static Cidr cidr(String text) {
        Cidr.Parsed parsed = Cidr.parse(text);
        assertThat(parsed.cidr()).as("%s: %s", text, parsed.problem()).isPresent();
        return parsed.cidr().orElseThrow();
    }

    private static IpAddress ip(String text) {
        return IpAddress.parse(text).orElseThrow();
    }
}
