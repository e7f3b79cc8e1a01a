package io.kubenode.common.catalog;

import java.util.List;

/**
 * The host firewall: what must be open in one zone, in the runtime and the permanent configuration both (in sync
 * only when both hold, like a sysctl and its file). The agent opens what is listed and closes again only what it
 * opened itself and the catalog no longer lists; what a person opened stays.
 *
 * @param name            always {@value #NAME} (one firewall per host)
 * @param mode            {@value #AUTO}: manage firewalld where it runs, in sync with nothing to do where it does
 *                        not; {@value #FIREWALLD}: firewalld must be running (not running is a failure)
 * @param zone            the zone to open in; null: the zone of the interface that holds {@code address}, else
 *                        firewalld's default zone
 * @param address         the node's address (what finds the interface, and so the zone, when {@code zone} is null)
 * @param ports           in firewalld's notation: {@code 6443/tcp}, {@code 30000-32767/tcp}, {@code 8472/udp}
 * @param protocolSources IP protocols (not ports) accepted only from the given source addresses, as firewalld rich
 *                        rules: VRRP (IP protocol 112) from the other control planes
 */
public record FirewallSpec(
        String name,
        String mode,
        String zone,
        String address,
        List<String> ports,
        List<ProtocolFromSources> protocolSources) implements ResourceSpec {

    public static final String TYPE = "firewall";
    public static final String NAME = "system";
    public static final String AUTO = "auto";
    public static final String FIREWALLD = "firewalld";

    @Override
    public String type() {
        return TYPE;
    }

    public List<String> portsOrEmpty() {
        return ports == null ? List.of() : ports;
    }

    public List<ProtocolFromSources> protocolSourcesOrEmpty() {
        return protocolSources == null ? List.of() : protocolSources;
    }

    /**
     * One IP protocol (by firewalld's name, e.g. {@code vrrp}) accepted from each of {@code sources} (IPv4 or IPv6
     * addresses): one rich rule per source, {@code rule family="ipv4" source address="A" protocol value="vrrp"
     * accept}.
     */
    public record ProtocolFromSources(String protocol, List<String> sources) {
    }
}
