package io.kubenode.agent.host.sandbox;

import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.common.net.IpAddress;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a probe URL's host is on a sandbox machine: 127.0.0.1, ::1 and localhost are the sandbox's own loopback
 * address; another IP literal is itself; a name is looked up in the sandbox root's /etc/hosts only (the hosts
 * resource writes it), never in the real machine's resolver.
 */
final class SandboxResolver {
    private final LocalHost root;
    private final InetAddress loopback;

    SandboxResolver(LocalHost root, InetAddress loopback) {
        this.root = root;
        this.loopback = loopback;
    }

    /** The address to connect to, or empty (with the reason in {@code why}) when the name is not known. */
    Optional<InetAddress> addressOf(URI url) throws HostException {
        String host = url.getHost();
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return Optional.of(loopback);
        }
        Optional<IpAddress> literal = IpAddress.parse(bare);
        if (literal.isPresent()) {
            InetAddress address = inet(literal.get());
            return Optional.of(address.isLoopbackAddress() && isDefaultLoopback(address) ? loopback : address);
        }
        Optional<byte[]> hosts = root.read("/etc/hosts");
        if (hosts.isEmpty()) {
            return Optional.empty();
        }
        for (String line : new String(hosts.get(), StandardCharsets.UTF_8).split("\n")) {
            int comment = line.indexOf('#');
            String[] fields = (comment >= 0 ? line.substring(0, comment) : line).trim().split("\\s+");
            for (int i = 1; i < fields.length; i++) {
                if (fields[i].toLowerCase(Locale.ROOT).equals(bare.toLowerCase(Locale.ROOT))) {
                    Optional<IpAddress> address = IpAddress.parse(fields[0]);
                    if (address.isPresent()) {
                        InetAddress found = inet(address.get());
                        return Optional.of(found.isLoopbackAddress() && isDefaultLoopback(found) ? loopback : found);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** 127.0.0.1 and ::1 are "this machine"; another 127.x address is some other sandbox node's. */
    private static boolean isDefaultLoopback(InetAddress address) {
        String text = address.getHostAddress();
        return text.equals("127.0.0.1") || text.equals("0:0:0:0:0:0:0:1");
    }

    private static InetAddress inet(IpAddress ip) throws HostException {
        try {
            return InetAddress.getByAddress(ip.bytes());
        } catch (UnknownHostException e) {
            throw new HostException("not an IP address: " + ip, e);
        }
    }
}
