package io.kubenode.agent.resource.firewall;

import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.common.status.Facts.FirewallFacts;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The firewall facts: which firewall, whether it runs, and what the zone lets in at runtime, with the resource's
 * own {@link Firewalld} calls and parser. The zone is the one the resource opens ports in: that of the interface
 * holding the node's address once a catalog has named it; before that, that of the interface carrying the default
 * route; else the default zone. Service names are expanded to their ports, so a reader sees {@code 22/tcp}, not
 * {@code ssh}.
 */
public final class FirewallFactsReader {
    private static final String ROUTES = "/proc/net/route";

    private FirewallFactsReader() {
    }

    public static FirewallFacts read(Host host) throws HostException {
        return read(host, Optional.empty());
    }

    /** @param nodeAddress the node's address as its catalog names it (empty before the first catalog) */
    public static FirewallFacts read(Host host, Optional<String> nodeAddress) throws HostException {
        Optional<Firewalld> installed = Firewalld.installed(host);
        if (installed.isEmpty()) {
            return new FirewallFacts(FirewallFacts.NONE, false, null, null, List.of(), List.of(), List.of());
        }
        Firewalld firewalld = installed.get();
        if (!firewalld.running()) {
            return new FirewallFacts(FirewallFacts.FIREWALLD, false, null, null, List.of(), List.of(), List.of());
        }
        Optional<String> bound;
        if (nodeAddress.isPresent()) {
            bound = firewalld.zoneOfAddress(nodeAddress.get());
        } else {
            Optional<String> routeInterface = defaultRouteInterface(host);
            bound = routeInterface.isPresent() ? firewalld.zoneOfInterface(routeInterface.get()) : Optional.empty();
        }
        ZoneSettings runtime = firewalld.list(bound.isPresent() ? bound.get() : firewalld.defaultZone(), false);
        Set<String> ports = new LinkedHashSet<>(runtime.ports());
        for (String service : runtime.services()) {
            ports.addAll(firewalld.servicePorts(service));
        }
        return new FirewallFacts(FirewallFacts.FIREWALLD, true, runtime.zone(), runtime.target(),
                new ArrayList<>(ports), runtime.protocols(), runtime.richRules());
    }

    /** The interface of the IPv4 default route (destination 00000000 in /proc/net/route); empty without one. */
    static Optional<String> defaultRouteInterface(Host host) throws HostException {
        Optional<byte[]> routes = host.read(ROUTES);
        if (routes.isEmpty()) {
            return Optional.empty();
        }
        for (String line : new String(routes.get(), StandardCharsets.UTF_8).split("\n")) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length > 2 && fields[1].equals("00000000") && !fields[0].equals("Iface")) {
                return Optional.of(fields[0]);
            }
        }
        return Optional.empty();
    }
}
