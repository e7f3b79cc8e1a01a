package io.kubenode.controller.orchestration.preflight;

import io.kubenode.common.net.Cidr;
import io.kubenode.common.net.IpAddress;
import io.kubenode.common.status.Facts.FirewallFacts;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a zone accepts an IP protocol (VRRP) from a source: the protocol opened from anywhere, or a rich rule as
 * firewalld prints it, {@code rule family="ipv4" source address="192.168.0.62" protocol value="vrrp" accept}, whose
 * source (an address or a network, not inverted with NOT) holds the peer, or that has neither source nor
 * destination (from anywhere).
 */
final class RichRules {
    /** firewalld accepts a protocol by name or by number; VRRP is 112. */
    private static final Map<String, String> NUMBERS = Map.of("vrrp", "112");
    private static final Pattern SOURCE = Pattern.compile("\\bsource\\s+(NOT\\s+)?address=\"([^\"]+)\"");
    private static final Pattern PROTOCOL = Pattern.compile("\\bprotocol\\s+value=\"([^\"]+)\"");
    private static final Pattern ACCEPT = Pattern.compile("\\saccept(\\s|$)");
    private static final Pattern ANY_SOURCE = Pattern.compile("\\bsource\\s");
    private static final Pattern DESTINATION = Pattern.compile("\\bdestination\\s");
    private static final Pattern FAMILY = Pattern.compile("\\bfamily=\"(ipv4|ipv6)\"");

    private RichRules() {
    }

    static boolean accepts(FirewallFacts firewall, String protocol, String source) {
        if (firewall.protocols() != null && firewall.protocols().stream().anyMatch(open -> same(open, protocol))) {
            return true;
        }
        if (firewall.richRules() == null) {
            return false;
        }
        Optional<IpAddress> peer = IpAddress.parse(source);
        return peer.isPresent() && firewall.richRules().stream().anyMatch(rule -> accepts(rule, protocol, peer.get()));
    }

    private static boolean accepts(String rule, String protocol, IpAddress peer) {
        Matcher value = PROTOCOL.matcher(rule);
        if (!value.find() || !same(value.group(1), protocol) || !ACCEPT.matcher(rule).find()) {
            return false;
        }
        Matcher family = FAMILY.matcher(rule);
        if (family.find() && family.group(1).equals("ipv4") != peer.isIpv4()) {
            return false;
        }
        Matcher from = SOURCE.matcher(rule);
        if (from.find()) {
            return from.group(1) == null && holds(from.group(2), peer);
        }
        // A source by ipset or MAC, or a destination, cannot be judged from the rule's text: not counted.
        return !ANY_SOURCE.matcher(rule).find() && !DESTINATION.matcher(rule).find();
    }

    private static boolean holds(String address, IpAddress peer) {
        if (address.contains("/")) {
            return Cidr.parse(address).cidr().map(network -> network.contains(peer)).orElse(false);
        }
        return IpAddress.parse(address).map(peer::equals).orElse(false);
    }

    private static boolean same(String written, String protocol) {
        return written.equals(protocol) || written.equals(NUMBERS.get(protocol));
    }
}
