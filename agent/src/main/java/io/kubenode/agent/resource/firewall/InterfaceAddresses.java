package io.kubenode.agent.resource.firewall;

import io.kubenode.common.net.IpAddress;

import java.util.Optional;

/**
 * Which interface holds an address, from {@code ip -o addr show}: one line per address,
 * {@code 2: host0    inet 192.0.2.130/28 brd 192.0.2.143 scope global host0\ ...}. Addresses compare as addresses,
 * so {@code 2001:db8::1} finds {@code 2001:db8:0::1}.
 */
final class InterfaceAddresses {
    private InterfaceAddresses() {
    }

    static Optional<String> interfaceHolding(String ipAddrOutput, String address) {
        Optional<IpAddress> wanted = IpAddress.parse(address);
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        for (String line : ipAddrOutput.split("\n")) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length < 4 || !(fields[2].equals("inet") || fields[2].equals("inet6"))) {
                continue;
            }
            String withoutPrefix = fields[3].replaceFirst("/.*$", "");
            if (IpAddress.parse(withoutPrefix).equals(wanted)) {
                // "eth0@if12" names a veth's peer in some listings; firewalld knows the interface as "eth0"
                return Optional.of(fields[1].replaceFirst("@.*$", ""));
            }
        }
        return Optional.empty();
    }
}
