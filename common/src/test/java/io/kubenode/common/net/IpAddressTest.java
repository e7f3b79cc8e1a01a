package io.kubenode.common.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IpAddressTest {

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"0.0.0.0", "192.168.0.61", "255.255.255.255", "10.0.0.1"})
    void ipv4LiteralIsAccepted(String text) {
        assertThat(IpAddress.parse(text)).hasValueSatisfying(address -> {
            assertThat(address.isIpv4()).isTrue();
            assertThat(address.toString()).isEqualTo(text);
        });
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"256.1.1.1", "1.256.1.1", "01.2.3.4", "1.2.3.04", "1.2.3", "1.2.3.4.5", " 1.2.3.4",
            "1.2.3.4 ", "1.2.3.", "+1.2.3.4", "1.2.3.4/32", "0x7f.0.0.1", "", "1..2.3"})
    void malformedIpv4IsRefused(String text) {
        assertThat(IpAddress.parse(text)).isEmpty();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"::1", "2001:db8::1", "fe80::1", "2001:0db8:0000:0000:0000:0000:0000:0001", "::",
            "FD00::A", "::1.2.3.4"})
    void ipv6LiteralIsAccepted(String text) {
        assertThat(IpAddress.parse(text)).hasValueSatisfying(address -> {
            assertThat(address.isIpv4()).isFalse();
            assertThat(address.bytes()).hasSize(16);
        });
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"1::2::3", ":::", "1:2:3", "2001:db8::g", "fe80::1%eth0", "[::1]", "1.2.3.4:80", "12345::"})
    void malformedIpv6IsRefused(String text) {
        assertThat(IpAddress.parse(text)).isEmpty();
    }

    @Test
    void nullIsNoAddress() {
        assertThat(IpAddress.parse(null)).isEmpty();
    }

    @Test
    void ipv6SpellingsOfOneAddressAreEqual() {
        assertThat(IpAddress.parse("2001:0db8:0:0:0:0:0:0001")).isEqualTo(IpAddress.parse("2001:db8::1"));
        assertThat(IpAddress.parse("2001:db8::1").orElseThrow().hashCode())
                .isEqualTo(IpAddress.parse("2001:0DB8::0001").orElseThrow().hashCode());
    }

    @Test
    void ipv4MappedIpv6LiteralIsTheIpv4Address() {
        assertThat(IpAddress.parse("::ffff:192.168.0.61")).isEqualTo(IpAddress.parse("192.168.0.61"));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"example.com", "localhost", "node1.internal", ".:", ".:1", "..:", "a:b", "1.2.3:4"})
    void nonLiteralIsRefusedWithoutALookup(String text) {
        List<String> lookups = DnsLookups.attemptedBy(() -> assertThat(IpAddress.parse(text)).isEmpty());

        assertThat(lookups).isEmpty();
    }

    @Test
    void lookupRecorderSeesARealLookup() {
        List<String> lookups = DnsLookups.attemptedBy(() -> {
            try {
                InetAddress.getByName("example.com");
            } catch (UnknownHostException e) {
                throw new AssertionError("the recorder should have stopped the lookup first", e);
            }
        });

        assertThat(lookups).containsExactly("example.com");
    }

    @Test
    void bytesCannotChangeTheAddress() {
        IpAddress address = IpAddress.parse("10.244.3.7").orElseThrow();

        address.bytes()[3] = 0;

        assertThat(address.toString()).isEqualTo("10.244.3.7");
    }

    @Test
    void constructorCopiesItsArgument() {
        byte[] bytes = {10, 0, 0, 1};
        IpAddress address = new IpAddress(bytes);

        bytes[3] = 2;

        assertThat(address.toString()).isEqualTo("10.0.0.1");
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"127.0.0.1", "127.5.4.3", "::1"})
    void loopbackAddressesAreLoopback(String text) {
        IpAddress address = IpAddress.parse(text).orElseThrow();
        assertThat(address.isLoopback()).isTrue();
        assertThat(address.isLinkLocal()).isFalse();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"169.254.0.1", "169.254.255.254", "fe80::1", "febf::1"})
    void linkLocalAddressesAreLinkLocal(String text) {
        IpAddress address = IpAddress.parse(text).orElseThrow();
        assertThat(address.isLinkLocal()).isTrue();
        assertThat(address.isLoopback()).isFalse();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"192.0.2.10", "128.0.0.1", "169.253.0.1", "::2", "fec0::1", "2001:db8::1", "0.0.0.0"})
    void otherAddressesAreNeither(String text) {
        IpAddress address = IpAddress.parse(text).orElseThrow();
        assertThat(address.isLoopback()).isFalse();
        assertThat(address.isLinkLocal()).isFalse();
    }
}
